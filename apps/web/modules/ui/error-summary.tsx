'use client';

import type { TLocalized } from '@madoguchi/shared';
import { useEffect, useRef } from 'react';

import { En } from './en';

export type TErrorSummaryItem = {
  key: string;
  /** '#field-…' of the field to fix; absent for an error that belongs to no one field. */
  href?: string;
  label?: TLocalized;
  message: TLocalized;
};

type TErrorSummaryProps = {
  title: TLocalized;
  items: readonly TErrorSummaryItem[];
  /** Focus moves to the summary whenever this changes (a new reply from the server). */
  focusKey: unknown;
};

/**
 * The list of problems at the top of a form after a failed submit (the GOV.UK pattern): announced as an
 * alert, focused so keyboard and screen-reader users start there, each item a link to its field.
 */
export function ErrorSummary({ title, items, focusKey }: TErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [focusKey]);

  return (
    <div ref={ref} className="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title">
      <p id="error-summary-title" className="error-summary__title">
        {title.ja}
        <En>{title.en}</En>
      </p>
      {items.length > 0 && (
        <ul className="error-summary__list">
          {items.map((item) => {
            const text = (
              <>
                {item.label ? `${item.label.ja}: ` : ''}
                {item.message.ja}
                <En>
                  {item.label ? `${item.label.en}: ` : ''}
                  {item.message.en}
                </En>
              </>
            );
            return <li key={item.key}>{item.href ? <a href={item.href}>{text}</a> : text}</li>;
          })}
        </ul>
      )}
    </div>
  );
}
