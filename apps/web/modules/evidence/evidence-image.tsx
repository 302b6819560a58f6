'use client';

import { useState } from 'react';

import { useInBrowser } from './in-browser';

type TEvidenceImageProps = { thumbSrc: string; viewSrc: string; name: string; fileId: string };

/**
 * An image in the evidence, hidden until the counselor asks for it: evidence can be distressing (injuries,
 * threats, sexual images), so the case page never shows it by itself. What the list loads is the small derived
 * copy (≤ 320 px, no EXIF/GPS), blurred: enough to tell images apart, not to see them. Only 「表示する」 loads the
 * view copy (≤ 1600 px) and shows it; the API records each view copy it serves (`evidence.preview`), so the audit
 * log says who actually looked at which image, while the blurred thumbs count as a view of the case. Pressing
 * the button again blurs it (CSS filter) without loading it again. Neither is the original: the download link
 * gives that. Without JavaScript the button does nothing, so there is none: the thumb stays blurred and the
 * download link is the way to open the image.
 */
export function EvidenceImage({ thumbSrc, viewSrc, name, fileId }: TEvidenceImageProps) {
  const inBrowser = useInBrowser();
  const [shown, setShown] = useState(false);
  const [loaded, setLoaded] = useState(false);
  return (
    <div className="evidence-preview">
      <div className="evidence-preview__frame">
        {/* Plain <img>s: next/image would copy the file through its optimizer and cache. */}
        {loaded ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img
            src={viewSrc}
            alt={`証拠画像 / Evidence image: ${name}`}
            className={shown ? 'evidence-image' : 'evidence-image evidence-image--blurred'}
            data-testid={`evidence-image-${fileId}`}
          />
        ) : (
          // eslint-disable-next-line @next/next/no-img-element
          <img
            src={thumbSrc}
            alt={`証拠画像(ぼかし)/ Evidence image (blurred): ${name}`}
            className="evidence-image evidence-image--blurred"
            data-testid={`evidence-thumb-${fileId}`}
          />
        )}
      </div>
      {inBrowser ? (
        <button
          type="button"
          className="btn btn--small"
          aria-pressed={shown}
          onClick={() => {
            setLoaded(true);
            setShown(!shown);
          }}
        >
          表示する <span lang="en">/ Show</span>
          <span className="visually-hidden">: {name}</span>
        </button>
      ) : (
        <p className="small muted">
          画像はぼかしてあります。見るときはダウンロードしてください。
          <span lang="en"> The image is blurred; download it to look at it.</span>
        </p>
      )}
    </div>
  );
}
