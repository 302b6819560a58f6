'use client';

import { useCallback, useState, useTransition } from 'react';

import { markServerActivity } from '../auth/idle-warning';
import type { TActionResult } from './action-result';

const FAILED: TActionResult<never> = {
  ok: false,
  message: {
    ja: '送信できませんでした。接続を確かめて、もう一度ためしてください。',
    en: 'This could not be sent. Check the connection and try again.',
  },
  fields: [],
  conflict: false,
};

/**
 * Runs a server action in a transition and keeps its result for <ActionFeedback>. A thrown error (the
 * network, a crashed action) becomes a failure result instead of an error page, so nothing typed is lost.
 */
export function useStaffAction<TArgs extends unknown[], TData>(
  action: (...args: TArgs) => Promise<TActionResult<TData>>,
) {
  const [result, setResult] = useState<TActionResult<TData> | null>(null);
  const [pending, startTransition] = useTransition();

  const run = useCallback(
    (...args: TArgs): Promise<TActionResult<TData>> =>
      new Promise((resolve) => {
        startTransition(async () => {
          let outcome: TActionResult<TData>;
          try {
            // undefined when the action redirected (session ended): the router is already leaving.
            outcome = (await action(...args)) ?? FAILED;
          } catch {
            outcome = FAILED;
          }
          markServerActivity();
          setResult(outcome);
          resolve(outcome);
        });
      }),
    [action],
  );

  return { run, result, pending, setResult };
}
