import type { TIntakeDraftInput, TTriageResult } from '@madoguchi/shared';
import { useEffect, useState } from 'react';

export type TPreviewFetcher = (
  draft: TIntakeDraftInput,
  signal: AbortSignal,
) => Promise<TTriageResult | null>;

/** Where the browser asks for live guidance: this app's own route, which passes it on to the API. */
export const PREVIEW_PATH = '/intake/preview';

export const fetchTriagePreview: TPreviewFetcher = async (draft, signal) => {
  const response = await fetch(PREVIEW_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(draft),
    signal,
  });
  if (!response.ok) {
    return null;
  }
  // The route handler has checked the reply against ZTriageResult already.
  return (await response.json()) as TTriageResult;
};

/** Pause after the last change before asking: typing a sentence sends one request, not thirty. */
export const PREVIEW_DELAY_MS = 600;

/**
 * Live guidance for a draft: asks again (debounced) whenever the draft changes and drops answers to
 * drafts that have since changed. Keeps the last guidance while a new one is on its way, and when a
 * request fails (the person keeps the advice they already have; the form does not depend on it).
 */
export function useTriagePreview(
  draft: TIntakeDraftInput | null,
  fetcher: TPreviewFetcher,
  delayMs = PREVIEW_DELAY_MS,
): TTriageResult | null {
  const [result, setResult] = useState<TTriageResult | null>(null);
  const key = draft === null ? null : JSON.stringify(draft);

  useEffect(() => {
    if (key === null) {
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetcher(JSON.parse(key) as TIntakeDraftInput, controller.signal)
        .then((next) => {
          if (next && !controller.signal.aborted) {
            setResult(next);
          }
        })
        .catch(() => undefined);
    }, delayMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, fetcher, delayMs]);

  return key === null ? null : result;
}
