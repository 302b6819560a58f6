// The container of `npm run db:backup`: a gzip-compressed tar file (ustar), so an operator can look inside
// with ordinary tools (`tar -tzf backup.tar.gz`, `tar -xOzf backup.tar.gz manifest.json`). Written and read
// here with Node alone (no tar package in the dependencies); only regular files, no directories or links.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';

const BLOCK = 512;
/** Largest size the ustar header's 11 octal digits hold (8 GiB); larger sizes use GNU's base-256 form. */
const OCTAL_SIZE_LIMIT = 8 ** 11;

export class ArchiveError extends Error {}

function header(name: string, size: number, mtime: Date): Buffer {
  const block = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) {
    throw new ArchiveError(`Archive entry name too long: ${name}`);
  }
  nameBytes.copy(block, 0);
  block.write('0000600\0', 100, 'ascii'); // mode: the data is personal, readable by its owner only
  block.write('0000000\0', 108, 'ascii'); // uid
  block.write('0000000\0', 116, 'ascii'); // gid
  if (size < OCTAL_SIZE_LIMIT) {
    block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  } else {
    // GNU tar's base-256 size (bsdtar reads it too): high bit set, big-endian binary in the 12 bytes.
    let rest = BigInt(size);
    for (let i = 135; i > 124; i--) {
      block[i] = Number(rest & 0xffn);
      rest >>= 8n;
    }
    block[124] = 0x80;
  }
  block.write(
    `${Math.floor(mtime.getTime() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'ascii',
  );
  block.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  block.write('0', 156, 'ascii'); // regular file
  block.write('ustar\0', 257, 'ascii');
  block.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of block) {
    sum += byte;
  }
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

function parseSize(field: Buffer): number {
  if (field[0]! & 0x80) {
    let size = 0n;
    for (let i = 1; i < field.length; i++) {
      size = (size << 8n) | BigInt(field[i]!);
    }
    return Number(size);
  }
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

async function write(stream: Writable, chunk: Buffer): Promise<void> {
  if (!stream.write(chunk)) {
    await once(stream, 'drain');
  }
}

/** Writes a .tar.gz file entry by entry; `close()` adds the end-of-archive blocks and flushes. */
export class ArchiveWriter {
  private readonly gzip = createGzip({ level: 6 });
  private readonly done: Promise<void>;

  constructor(file: string) {
    const out = createWriteStream(file, { mode: 0o600 });
    this.gzip.pipe(out);
    this.done = finished(out);
  }

  async addBuffer(name: string, content: Buffer, mtime = new Date()): Promise<void> {
    await write(this.gzip, header(name, content.length, mtime));
    await write(this.gzip, content);
    await this.pad(content.length);
  }

  /** Adds a file from disk whose size is known (a spooled table). */
  async addFile(name: string, path: string, size: number, mtime = new Date()): Promise<void> {
    await write(this.gzip, header(name, size, mtime));
    let written = 0;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      written += chunk.length;
      await write(this.gzip, chunk);
    }
    if (written !== size) {
      throw new ArchiveError(`${path} changed while being archived (${written} bytes, expected ${size})`);
    }
    await this.pad(size);
  }

  async close(): Promise<void> {
    await write(this.gzip, Buffer.alloc(BLOCK * 2));
    this.gzip.end();
    await this.done;
  }

  private async pad(size: number) {
    const rest = size % BLOCK;
    if (rest !== 0) {
      await write(this.gzip, Buffer.alloc(BLOCK - rest));
    }
  }
}

/** Pulls exact byte counts from a stream of chunks. */
class ByteReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(n: number) {
    while (this.length < n && !this.ended) {
      const next = await this.source.next();
      if (next.done) {
        this.ended = true;
      } else {
        this.chunks.push(next.value);
        this.length += next.value.length;
      }
    }
  }

  /** Exactly `n` bytes, or fewer only at the end of the stream. */
  async take(n: number): Promise<Buffer> {
    await this.fill(n);
    const all = Buffer.concat(this.chunks);
    const taken = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return taken;
  }

  /** Up to `max` bytes of what is buffered (reading more when nothing is), for streaming large entries. */
  async some(max: number): Promise<Buffer> {
    await this.fill(1);
    const first = this.chunks.shift();
    if (!first) {
      return Buffer.alloc(0);
    }
    if (first.length > max) {
      this.chunks.unshift(first.subarray(max));
      this.length -= max;
      return first.subarray(0, max);
    }
    this.length -= first.length;
    return first;
  }
}

export type ArchiveEntry = {
  name: string;
  size: number;
  /** The entry's bytes; read it to the end (or not at all) before asking for the next entry. */
  body: AsyncIterable<Buffer>;
};

/** The entries of a .tar.gz file, in order, streamed. */
export async function* readArchive(file: string): AsyncGenerator<ArchiveEntry> {
  const gunzip: Readable = createReadStream(file).pipe(createGunzip());
  const reader = new ByteReader((gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]());
  try {
    for (;;) {
      const block = await reader.take(BLOCK);
      if (block.length < BLOCK) {
        throw new ArchiveError(`${file} ends in the middle of an entry: the file is truncated`);
      }
      if (block.every((byte) => byte === 0)) {
        return;
      }
      const name = block.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      const size = parseSize(block.subarray(124, 136));
      let remaining = size;
      let consumed = false;
      const body = {
        async *[Symbol.asyncIterator]() {
          consumed = true;
          while (remaining > 0) {
            const piece = await reader.some(remaining);
            if (piece.length === 0) {
              throw new ArchiveError(`${file} ends in the middle of ${name}: the file is truncated`);
            }
            remaining -= piece.length;
            yield piece;
          }
        },
      };
      yield { name, size, body };
      if (!consumed || remaining > 0) {
        // Skip what the caller did not read.
        for await (const piece of body) {
          void piece;
        }
      }
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (padding) {
        await reader.take(padding);
      }
    }
  } finally {
    gunzip.destroy();
  }
}

/** One entry's whole content (for the small ones: the manifest). */
export async function readEntry(entry: ArchiveEntry): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const piece of entry.body) {
    parts.push(piece);
  }
  return Buffer.concat(parts);
}
