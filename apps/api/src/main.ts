import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { lowerThreadPoolPriority } from './common/admission/thread-pool-priority';
import { KeyError } from './common/crypto/key-encryption-key';
import { EXIT_CONFIG } from './common/exit-codes';
import { EnvError, loadEnv } from './config/env';

async function main(): Promise<void> {
  const env = loadEnv();
  const app = await createApp(env);
  const logger = new Logger('ThreadPool');
  const lowered = await lowerThreadPoolPriority(env.THREAD_POOL_NICE).catch((error: unknown) => {
    logger.warn(`The thread pool's priority stays as it was: ${String(error)}`);
    return [];
  });
  if (lowered.length > 0) {
    logger.log(`${lowered.length} threads (password hashing, files) at nice ${env.THREAD_POOL_NICE}`);
  }
  await app.listen({ port: env.PORT, host: env.HOST });

  // Graceful shutdown: stop accepting, let in-flight requests finish (bounded), then close the pool.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      return;
    }
    stopping = true;
    const force = setTimeout(() => process.exit(1), env.SHUTDOWN_GRACE_MS + 5_000);
    force.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(`Shutdown after ${signal} failed`, error);
        process.exit(1);
      });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof KeyError) {
    console.error(error.message);
    process.exit(EXIT_CONFIG);
  } else {
    console.error('The Madoguchi API failed to start:', error);
  }
  process.exit(1);
});
