'use client';

import { useState } from 'react';

import { useInBrowser } from './in-browser';

type TCopyButtonProps = { text: string; label: string };

/** Copies a value (a file's SHA-256); only with JavaScript and a clipboard, the text stays selectable anyway. */
export function CopyButton({ text, label }: TCopyButtonProps) {
  const inBrowser = useInBrowser();
  const [copied, setCopied] = useState<boolean | null>(null);
  if (!inBrowser || typeof navigator.clipboard?.writeText !== 'function') {
    return null;
  }
  return (
    <>
      <button
        type="button"
        className="btn btn--small"
        onClick={() =>
          void navigator.clipboard.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        コピー <span lang="en">/ Copy</span>
        <span className="visually-hidden">: {label}</span>
      </button>{' '}
      <span role="status" className="small">
        {copied === true ? 'コピーしました / Copied' : ''}
        {copied === false ? 'コピーできませんでした / Could not copy' : ''}
      </span>
    </>
  );
}
