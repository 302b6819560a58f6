import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';

export type ScanVerdict =
  | { result: 'clean' }
  | { result: 'infected'; signature: string }
  /** clamd answered but could not scan (e.g. the file exceeds its StreamMaxLength). */
  | { result: 'error'; detail: string };

/** clamd could not be reached, or went away before it answered: the file waits and is scanned later. */
export class ScannerUnreachable extends Error {}

/** clamd's chunks may be any size; 64 KiB keeps each write small. */
const CHUNK = 64 * 1024;

/**
 * A client of ClamAV's clamd speaking its INSTREAM command (docs.clamav.net, "ClamD Protocol"): `zINSTREAM\0`,
 * then the file as chunks each prefixed by its length (4 bytes, network order), then a zero length; clamd
 * answers `stream: OK`, `stream: <signature> FOUND` or `… ERROR`. Over a Unix socket (`/path`) or TCP
 * (`host:port`); nothing is written to disk on clamd's side of the socket for us to clean up.
 */
export class ClamdScanner {
  constructor(
    private readonly address: string,
    private readonly timeoutMs: number,
  ) {}

  /** Whether clamd answers PING with PONG. */
  async ping(): Promise<boolean> {
    try {
      const socket = await this.connect();
      socket.end('zPING\0');
      return (await readReply(socket, this.timeoutMs)) === 'PONG';
    } catch {
      return false;
    }
  }

  async scan(body: Readable): Promise<ScanVerdict> {
    let socket: Socket;
    try {
      socket = await this.connect();
    } catch (error) {
      body.destroy();
      throw new ScannerUnreachable(`clamd at ${this.address}: ${(error as Error).message}`);
    }
    const reply = readReply(socket, this.timeoutMs);
    try {
      await write(socket, Buffer.from('zINSTREAM\0'));
      for await (const data of body) {
        const chunk = data as Buffer;
        for (let at = 0; at < chunk.length; at += CHUNK) {
          const part = chunk.subarray(at, at + CHUNK);
          const length = Buffer.alloc(4);
          length.writeUInt32BE(part.length);
          await write(socket, Buffer.concat([length, part]));
        }
      }
      await write(socket, Buffer.alloc(4));
    } catch {
      // clamd may stop reading and answer (a size limit): its answer, if one comes, says why.
      body.destroy();
    }
    let text: string;
    try {
      text = await reply;
    } catch (error) {
      throw new ScannerUnreachable(`clamd at ${this.address}: ${(error as Error).message}`);
    } finally {
      socket.destroy();
    }
    return parseReply(text);
  }

  private connect(): Promise<Socket> {
    const tcp = /^(.+):(\d{1,5})$/.exec(this.address);
    const socket =
      tcp && !this.address.startsWith('/')
        ? connect({ host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) })
        : connect({ path: this.address });
    socket.setTimeout(this.timeoutMs);
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        socket.destroy();
        reject(error);
      };
      socket.once('error', fail);
      socket.once('timeout', () => fail(new Error('connection timed out')));
      socket.once('connect', () => {
        socket.off('error', fail);
        resolve(socket);
      });
    });
  }
}

export function parseReply(text: string): ScanVerdict {
  const body = text.replace(/^stream:\s*/, '').trim();
  if (body === 'OK') {
    return { result: 'clean' };
  }
  const found = /^(.+) FOUND$/.exec(body);
  if (found) {
    return { result: 'infected', signature: found[1]! };
  }
  return { result: 'error', detail: body.replace(/\s*ERROR$/, '') || 'no answer' };
}

function write(socket: Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed || socket.writableEnded) {
      reject(new Error('clamd closed the connection'));
      return;
    }
    socket.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** clamd's answer, up to its NUL terminator (z-commands) or the end of the connection. */
function readReply(socket: Socket, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (error?: Error) => {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      const text = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\0[\s\S]*$/, '');
      if (text === '' && error) {
        reject(error);
      } else if (text === '') {
        reject(new Error('clamd closed the connection without an answer'));
      } else {
        resolve(text);
      }
    };
    const timer = setTimeout(() => finish(new Error('no answer in time')), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (chunk.includes(0)) {
        finish();
      }
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (error) => finish(error));
  });
}
