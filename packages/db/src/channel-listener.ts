import { Client } from 'pg';

/*
 * LISTEN on a PostgreSQL NOTIFY channel, over a connection of its own: a listener needs a session, so behind
 * PgBouncer in transaction mode it must be given a direct URL to the primary. Notifications sent while the
 * connection is down are lost, so `onNotify` is also called after every reconnection ("something may have
 * changed"): a cache invalidated by it is never left stale by an outage.
 */

export type ChannelListenerOptions = {
  databaseUrl: string;
  /** A plain identifier (lower case letters, digits, _), as NOTIFY channels are named in our migrations. */
  channel: string;
  onNotify: (payload: string | undefined) => void;
  onError?: (error: Error) => void;
  applicationName?: string;
  /** Back-off between reconnection attempts, doubling from `minMs` up to `maxMs`. */
  retry?: { minMs: number; maxMs: number };
};

export type ChannelListener = {
  /** Whether the LISTEN is in place now. */
  listening(): boolean;
  close(): Promise<void>;
};

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const DEFAULT_RETRY = { minMs: 500, maxMs: 30_000 };

export function listenToChannel(options: ChannelListenerOptions): ChannelListener {
  if (!CHANNEL_NAME.test(options.channel)) {
    throw new Error(`Not a channel name: ${options.channel}`);
  }
  const retry = options.retry ?? DEFAULT_RETRY;
  let client: Client | undefined;
  let listening = false;
  let closed = false;
  let delay = retry.minMs;
  let timer: NodeJS.Timeout | undefined;

  const scheduleReconnect = () => {
    if (closed || timer) {
      return;
    }
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, retry.maxMs);
  };

  const lost = (current: Client, error?: Error) => {
    if (client !== current) {
      return;
    }
    client = undefined;
    listening = false;
    if (error && !closed) {
      options.onError?.(error);
    }
    current.removeAllListeners();
    // An 'error' after this must not crash the process.
    current.on('error', () => undefined);
    void current.end().catch(() => undefined);
    scheduleReconnect();
  };

  async function connect(): Promise<void> {
    if (closed) {
      return;
    }
    const current = new Client({
      connectionString: options.databaseUrl,
      application_name: options.applicationName ?? `listen:${options.channel}`,
    });
    client = current;
    current.on('error', (error) => lost(current, error));
    current.on('end', () => lost(current));
    current.on('notification', (message) => {
      if (message.channel === options.channel) {
        options.onNotify(message.payload);
      }
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${options.channel}`);
    } catch (error) {
      lost(current, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (closed || client !== current) {
      void current.end().catch(() => undefined);
      return;
    }
    listening = true;
    delay = retry.minMs;
    // Whatever was notified while no one listened is gone: treat the (re)connection itself as a change.
    options.onNotify(undefined);
  }

  void connect();
  return {
    listening: () => listening,
    async close() {
      closed = true;
      listening = false;
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
