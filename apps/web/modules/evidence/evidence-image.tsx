'use client';

import { useState } from 'react';

import { useInBrowser } from './in-browser';

type TEvidenceImageProps = { src: string; name: string; fileId: string };

/**
 * An image in the evidence, hidden until the counselor asks for it: evidence can be distressing (injuries,
 * threats, sexual images), so the case page never shows it by itself. The image is not even loaded until
 * 「表示する」 is pressed, and not only blurred: every load is a download the API audits, so the audit log
 * records who actually looked at which image (not every image on every opening of the page), and nothing of it
 * sits in the browser's memory until then. Once loaded, pressing the button again blurs it (CSS filter) without
 * loading it again. Without JavaScript the button does nothing, so there is none: the file's download link is
 * the way to open it.
 */
export function EvidenceImage({ src, name, fileId }: TEvidenceImageProps) {
  const inBrowser = useInBrowser();
  const [shown, setShown] = useState(false);
  const [loaded, setLoaded] = useState(false);
  return (
    <div className="evidence-preview">
      <div className="evidence-preview__frame">
        {loaded ? (
          // A plain <img>: next/image would copy the original through its optimizer and cache.
          // eslint-disable-next-line @next/next/no-img-element
          <img
            src={src}
            alt={`証拠画像 / Evidence image: ${name}`}
            className={shown ? 'evidence-image' : 'evidence-image evidence-image--blurred'}
            data-testid={`evidence-image-${fileId}`}
          />
        ) : (
          <div
            className="evidence-image evidence-image--placeholder evidence-image--blurred"
            data-testid={`evidence-placeholder-${fileId}`}
            aria-hidden="true"
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
          画像は隠してあります。見るときはダウンロードしてください。
          <span lang="en"> The image is hidden; download it to look at it.</span>
        </p>
      )}
    </div>
  );
}
