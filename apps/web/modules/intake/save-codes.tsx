'use client';

import { useState, useSyncExternalStore } from 'react';

import { En } from '../ui/en';

type TSaveCodesProps = { receiptNumber: string; accessCode: string };

type TCopyState = 'idle' | 'copied' | 'failed';

const noSubscription = () => () => {};

/**
 * Ways to keep the two codes besides writing them down: copy both, or print / save the page as a PDF. Shown
 * only with JavaScript (the clipboard and print need it); without it the page still says to write them down.
 */
export function SaveCodes({ receiptNumber, accessCode }: TSaveCodesProps) {
  // False while rendered on the server (no clipboard, no print), true once in the browser.
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const [copy, setCopy] = useState<TCopyState>('idle');
  if (!inBrowser) {
    return null;
  }

  const copyBoth = async () => {
    try {
      await navigator.clipboard.writeText(
        `受付番号 Receipt number: ${receiptNumber}\nアクセスコード Access code: ${accessCode}`,
      );
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };

  return (
    <div className="save-codes">
      <div className="save-codes__buttons">
        {typeof navigator.clipboard?.writeText === 'function' && (
          <button type="button" className="button button--secondary" onClick={() => void copyBoth()}>
            2つをコピーする
            <En>Copy both</En>
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={() => window.print()}>
          印刷する・PDFで保存する
          <En>Print or save as PDF</En>
        </button>
      </div>
      <p role="status" className="save-codes__status">
        {copy === 'copied' && (
          <>
            コピーしました。メモアプリなどに貼り付けて保存してください。
            <En>Copied. Paste them into a notes app to keep them.</En>
          </>
        )}
        {copy === 'failed' && (
          <>
            コピーできませんでした。紙に書くか、スクリーンショットを撮ってください。
            <En>Could not copy. Please write them down or take a screenshot.</En>
          </>
        )}
      </p>
    </div>
  );
}
