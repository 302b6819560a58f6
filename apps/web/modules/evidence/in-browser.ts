import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/** False while rendered on the server (and without JavaScript), true once hydrated in the browser. */
export function useInBrowser(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
