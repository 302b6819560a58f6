import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { listenToChannel, type ChannelListener } from '@madoguchi/db';
import { ApiConfig } from '../../config/api-config';
import { WindowsService } from './windows.service';

/** The channel the referral_windows trigger notifies (migration 20261206040000_directory_notify). */
export const DIRECTORY_CHANNEL = 'madoguchi_directory';

/**
 * Drops this process's cached directory whenever any process (another API replica, a worker, a migration) changes
 * a window: the database announces every change on DIRECTORY_CHANNEL. Start-up never waits for it: with the
 * database down it keeps retrying in the background, and the cache's expiry bounds staleness meanwhile.
 */
@Injectable()
export class DirectoryChangesListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DirectoryChangesListener.name);
  private listener: ChannelListener | undefined;

  constructor(
    private readonly config: ApiConfig,
    private readonly windows: WindowsService,
  ) {}

  onModuleInit(): void {
    const env = this.config.env;
    this.listener = listenToChannel({
      databaseUrl: env.DATABASE_LISTEN_URL ?? env.DATABASE_URL,
      channel: DIRECTORY_CHANNEL,
      applicationName: 'madoguchi-api:directory',
      onNotify: () => this.windows.invalidate(),
      onError: (error) =>
        this.logger.warn(`Directory change listener disconnected (${error.message}); retrying`),
    });
  }

  /** Whether changes from other processes reach this one at once (else within the cache's expiry). */
  listening(): boolean {
    return this.listener?.listening() ?? false;
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.close();
  }
}
