import { createContext, Fragment, type ReactNode, useContext } from 'react';

import type { TFuriganaMap } from './furigana-types';

export type { TFuriganaMap, TRubySegment } from './furigana-types';

/** Set around the pages a child reads; without it (adults, the form) texts show as they are. */
export const FuriganaContext = createContext<TFuriganaMap | undefined>(undefined);

/** A fixed text, with furigana over its kanji when the page is for a child and the text has readings. */
export function Rb({ children }: { children: string }): ReactNode {
  const segments = useContext(FuriganaContext)?.[children];
  if (!segments) {
    return children;
  }
  // One span: inside a flex container (a button stacking Japanese over English) the pieces would each become
  // a flex item, one per line.
  return (
    <span>
      {segments.map((segment, index) =>
        typeof segment === 'string' ? (
          <Fragment key={index}>{segment}</Fragment>
        ) : (
          <ruby key={index}>
            {segment[0]}
            <rp>(</rp>
            <rt>{segment[1]}</rt>
            <rp>)</rp>
          </ruby>
        ),
      )}
    </span>
  );
}
