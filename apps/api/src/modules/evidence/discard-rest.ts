import { finished } from 'node:stream/promises';
import type { IncomingMessage } from 'node:http';
import type { Multipart } from '@fastify/multipart';

/**
 * Reads what is left of a refused upload and throws it away, so that the answer goes out only once the whole
 * request was read. A client still sending when the answer arrives may fail the whole call instead of reading it
 * (the web app pipes the person's upload through undici, which did exactly that under load: the person saw
 * "cannot be reached" instead of which file was refused), and a keep-alive connection would otherwise carry the
 * unread rest as its next request.
 *
 * Bounded: at most `budget` more bytes are read (a body declared larger is not read at all). Returns whether the
 * body was read to its end; when it was not (over the budget, a limit or a malformed body stopped the parser, the
 * client went away), the connection cannot carry another request and the caller closes it with the answer.
 */
export async function discardRest(
  raw: IncomingMessage,
  parts: AsyncIterableIterator<Multipart>,
  budget: number,
): Promise<boolean> {
  const declared = Number(raw.headers['content-length']);
  if (Number.isFinite(declared) && declared > budget) {
    return false;
  }
  let read = 0;
  let overBudget!: () => void;
  const over = new Promise<'over'>((resolve) => {
    overBudget = () => resolve('over');
  });
  const count = (chunk: Buffer): void => {
    read += chunk.length;
    if (read > budget) {
      overBudget();
    }
  };
  raw.on('data', count);
  try {
    for (;;) {
      const next = await Promise.race([parts.next(), over]);
      if (next === 'over') {
        return false;
      }
      if (next.done) {
        // Done after an error may mean the parser gave up, not that the body ended.
        return raw.complete || (await drainRaw(raw, over));
      }
      if (next.value.type === 'file') {
        const file = next.value.file;
        file.resume();
        if ((await Promise.race([finished(file), over])) === 'over') {
          return false;
        }
      }
    }
  } catch {
    // The parser stopped (busboy's own size limit is reported this way, racing the inspector's refusal): the
    // rest is still on its way, and answering now would reset a client that is still sending.
    return drainRaw(raw, over);
  } finally {
    raw.off('data', count);
  }
}

/**
 * Reads the request itself to its end once the multipart parser no longer does, within the same budget. Always
 * false: with the parser gone the connection cannot carry another request, but the answer now comes after the
 * last byte, which a client that sends before it reads (undici) can then read.
 */
async function drainRaw(raw: IncomingMessage, over: Promise<'over'>): Promise<false> {
  if (!raw.complete && !raw.destroyed) {
    raw.resume();
    await Promise.race([finished(raw).catch(() => undefined), over]);
  }
  return false;
}
