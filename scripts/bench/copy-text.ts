// PostgreSQL COPY text format (the default of `COPY … FROM STDIN`): one row per line, columns
// separated by tabs, \N for NULL, and backslash escapes for the characters that would break that.

export type CopyValue = string | number | boolean | null | undefined;

export const NULL = '\\N';

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A text value escaped for COPY (most values have nothing to escape: test before replacing). */
export function text(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
}

export function nullable(value: string | null | undefined): string {
  return value === null || value === undefined ? NULL : text(value);
}

/** A jsonb value. JSON.stringify already escapes newlines inside strings; COPY then doubles the backslashes. */
export function json(value: unknown): string {
  return text(JSON.stringify(value));
}

export function jsonOrNull(value: unknown): string {
  return value === null || value === undefined ? NULL : json(value);
}

/** A text[] literal with every element quoted, so commas, braces and quotes inside grams are safe. */
export function textArray(items: readonly string[]): string {
  if (items.length === 0) {
    return '{}';
  }
  let out = '{';
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    out += (i === 0 ? '"' : ',"') + (/[\\"]/.test(item) ? item.replace(/[\\"]/g, '\\$&') : item) + '"';
  }
  return text(`${out}}`);
}

let hourKey = -1;
let hourPrefix = '';

/** ISO 8601 in UTC, as toISOString() writes it; the date and hour are cached (rows come in time order). */
export function timestamp(ms: number): string {
  const hour = Math.floor(ms / 3_600_000);
  if (hour !== hourKey) {
    hourKey = hour;
    hourPrefix = new Date(hour * 3_600_000).toISOString().slice(0, 14);
  }
  const within = ms - hour * 3_600_000;
  const minutes = Math.floor(within / 60_000);
  const seconds = Math.floor((within % 60_000) / 1000);
  const millis = within % 1000;
  return `${hourPrefix}${minutes < 10 ? '0' : ''}${minutes}:${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

export function timestampOrNull(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? NULL : timestamp(ms);
}

/**
 * Collects the rows of one table for one chunk, UTF-8-encoded straight into a growing buffer (no
 * big joined strings for the garbage collector to copy around).
 */
export class CopyBuffer {
  private buffer = Buffer.allocUnsafeSlow(1 << 20);
  private length = 0;
  /** Rows not yet encoded: written in batches, since each Buffer#write crosses into C++. */
  private pending = '';
  rows = 0;

  constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  /** Values must already be COPY-encoded (see the helpers above). */
  add(values: readonly string[]): void {
    let row = values[0]!;
    for (let i = 1; i < values.length; i++) {
      row += '\t' + values[i]!;
    }
    this.pending += row + '\n';
    this.rows++;
    if (this.pending.length > 65_536) {
      this.flush();
    }
  }

  private flush(): void {
    const text = this.pending;
    this.pending = '';
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.length + text.length * 3 > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.length + text.length * 3));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
  }

  /** The rows so far as a standalone byte array (transferable to another thread); starts over. */
  take(): Uint8Array {
    this.flush();
    // Hand over the bytes themselves (the caller transfers them to the loader thread) and start a
    // new buffer of about the same size for the next chunk.
    const out = new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.length);
    this.buffer = Buffer.allocUnsafeSlow(Math.max(1 << 16, this.length + (this.length >> 3)));
    this.length = 0;
    this.rows = 0;
    return out;
  }
}
