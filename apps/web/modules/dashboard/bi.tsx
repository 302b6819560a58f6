import type { TLocalized } from '@madoguchi/shared';

/** Japanese, then the English line (`lang="en"` so screen readers switch voice). */
export function Bi({ text, block = false }: { text: TLocalized; block?: boolean }) {
  return (
    <>
      {text.ja}
      {block ? (
        <span lang="en" className="en en--block">
          {text.en}
        </span>
      ) : (
        <>
          {' '}
          <span lang="en" className="en">
            {text.en}
          </span>
        </>
      )}
    </>
  );
}
