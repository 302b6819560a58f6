// A NOTIFY channel listener on a session of its own: it hears notifications, comes back after its connection is
// killed, and tells its owner on reconnection that something may have changed while it was away.
import { Client } from 'pg';
import { listenToChannel, type ChannelListener } from '../src/channel-listener';
import { createTestDatabase, type TestDatabase } from './test-database';

jest.setTimeout(30_000);

let db: TestDatabase;
let listener: ChannelListener | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

afterAll(async () => {
  await db?.drop();
});

async function sql(text: string): Promise<void> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('hears notifications on its channel only, as the API role', async () => {
  const heard: (string | undefined)[] = [];
  listener = listenToChannel({
    databaseUrl: db.appUrl,
    channel: 'test_changes',
    onNotify: (p) => heard.push(p),
  });
  await until(() => listener!.listening(), 'the LISTEN');
  // The first call says "(re)connected: anything may have changed".
  expect(heard).toEqual([undefined]);
  await sql(`NOTIFY other_channel, 'no'`);
  await sql(`NOTIFY test_changes, 'window-a'`);
  await until(() => heard.length === 2, 'the notification');
  expect(heard).toEqual([undefined, 'window-a']);
});

it('reconnects after its session is killed, and says so', async () => {
  const heard: (string | undefined)[] = [];
  const errors: Error[] = [];
  listener = listenToChannel({
    databaseUrl: db.appUrl,
    channel: 'test_changes',
    applicationName: 'listener-under-test',
    onNotify: (p) => heard.push(p),
    onError: (error) => errors.push(error),
    retry: { minMs: 50, maxMs: 200 },
  });
  await until(() => listener!.listening(), 'the LISTEN');
  await sql(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'listener-under-test'`,
  );
  await until(() => heard.filter((p) => p === undefined).length === 2, 'the reconnection');
  expect(errors.length).toBeGreaterThan(0);
  await sql(`NOTIFY test_changes, 'after'`);
  await until(() => heard.includes('after'), 'a notification after the reconnection');
});

it('keeps trying while the database cannot be reached, and stops when closed', async () => {
  const errors: Error[] = [];
  listener = listenToChannel({
    databaseUrl: 'postgresql://nobody@127.0.0.1:1/none',
    channel: 'test_changes',
    onNotify: () => undefined,
    onError: (error) => errors.push(error),
    retry: { minMs: 20, maxMs: 40 },
  });
  await until(() => errors.length >= 3, 'repeated attempts');
  expect(listener.listening()).toBe(false);
  await listener.close();
  const after = errors.length;
  await new Promise((resolve) => setTimeout(resolve, 150));
  expect(errors.length).toBe(after);
});

it('refuses a channel name that is not a plain identifier', () => {
  expect(() =>
    listenToChannel({ databaseUrl: db.appUrl, channel: 'x; DROP TABLE cases', onNotify: () => undefined }),
  ).toThrow(/Not a channel name/);
});
