/** Runs once when a Next.js server starts (never during `next build`). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') {
    return;
  }
  const { exitOnInvalidServerEnv } = await import('./lib/env');
  exitOnInvalidServerEnv();
}
