// `npm run worker` (docker-compose's `worker` service): runs the background jobs without serving HTTP,
// for deployments whose API processes only queue them (JOBS_MODE=enqueue). Same modules, same
// database role and environment as the API; SIGTERM lets running jobs finish within SHUTDOWN_GRACE_MS.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { KeyError } from './common/crypto/key-encryption-key';
import { EXIT_CONFIG } from './common/exit-codes';
import { EnvError, loadEnv } from './config/env';

async function main(): Promise<void> {
  // Whatever JOBS_MODE the shared environment sets for the API, this process is where jobs run.
  const env = { ...loadEnv(), JOBS_MODE: 'inline' as const };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof KeyError) {
    console.error(error.message);
    process.exit(EXIT_CONFIG);
  } else {
    console.error('The Madoguchi worker failed to start:', error);
  }
  process.exit(1);
});
