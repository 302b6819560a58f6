import type { TLocalized } from '@madoguchi/shared';

/*
 * File downloads passed through from the API (route handlers only): the browser never talks to the API, and a
 * failed download opens a page saying why instead of saving an error body as a file.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Where the error page leads back to: the page the link was on. */
export type TDownloadBack = { href: string; label: TLocalized };

/** A download link that fails opens this page instead of saving an error as a file. */
export function downloadError(message: TLocalized, status: number, back: TDownloadBack): Response {
  const html = `<!doctype html><html lang="ja"><meta charset="utf-8"><title>ダウンロードできませんでした</title>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto;line-height:1.8">
<h1>ダウンロードできませんでした <span lang="en">/ The download failed</span></h1>
<p>${escapeHtml(message.ja)}<br><span lang="en">${escapeHtml(message.en)}</span></p>
<p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label.ja)} / ${escapeHtml(back.label.en)}</a></p></body></html>`;
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** The API's file response as the browser gets it: its body streamed on, its type, name and length, never cached. */
export function passFile(response: Response): Response {
  const passed = new Headers({ 'cache-control': 'no-store' });
  for (const name of ['content-type', 'content-disposition', 'content-length']) {
    const value = response.headers.get(name);
    if (value) {
      passed.set(name, value);
    }
  }
  return new Response(response.body, { status: 200, headers: passed });
}
