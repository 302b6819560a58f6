// Seeded randomness for the data generator: the same seed and case count give the same database,
// so two runs (or two machines) measure the same data. Math.random and crypto.randomUUID are not
// used for anything that ends up in a row.

/** sfc32: small, fast, and good enough for synthetic data (not for secrets). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(...seeds: number[]) {
    // Mix any number of integers into the 128-bit state (splitmix-style), then warm up.
    let h = 0x9e3779b9;
    const mix = (value: number) => {
      h = Math.imul(h ^ (value >>> 0), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h ^= h >>> 16;
      return h >>> 0;
    };
    this.a = mix(seeds[0] ?? 1);
    this.b = mix(seeds[1] ?? 2);
    this.c = mix(seeds[2] ?? 3);
    this.d = mix(seeds[3] ?? 4) | 1;
    for (let i = 4; i < seeds.length; i++) {
      this.a ^= mix(seeds[i]!);
    }
    for (let i = 0; i < 16; i++) {
      this.uint32();
    }
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Log-normal with the given median and spread (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  normal(): number {
    // Box–Muller; one value per call is plenty here.
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A version-7 UUID for the instant `ms` from this stream (reproducible): see uuidV7. */
  uuidV7(ms: number): string {
    return uuidV7(ms, [this.uint32(), this.uint32(), this.uint32(), this.uint32()]);
  }

  /** A version-4 UUID from this stream (reproducible, unlike crypto.randomUUID). */
  uuid(): string {
    const a = this.uint32();
    const b = (this.uint32() & 0xffff0fff) | 0x00004000;
    const c = (this.uint32() & 0x3fffffff) | 0x80000000;
    const d = this.uint32();
    return (
      hex8(a) +
      '-' +
      HEX[(b >>> 24) & 0xff]! +
      HEX[(b >>> 16) & 0xff]! +
      '-' +
      HEX[(b >>> 8) & 0xff]! +
      HEX[b & 0xff]! +
      '-' +
      HEX[(c >>> 24) & 0xff]! +
      HEX[(c >>> 16) & 0xff]! +
      '-' +
      HEX[(c >>> 8) & 0xff]! +
      HEX[c & 0xff]! +
      hex8(d)
    );
  }
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A version-7 UUID (RFC 9562) for the instant `ms` from 80 random bits (`b`, `c`, `d`; `a` is unused, so a v7
 * draws as many numbers from a stream as a v4): what the API gives case events (apps/api common/ids.ts), so the
 * generated rows are time-ordered like real ones.
 */
export function uuidV7(ms: number, words: readonly [number, number, number, number]): string {
  const [, b, c, d] = words;
  const high = Math.floor(ms / 0x10000) >>> 0;
  const low = ms % 0x10000;
  const version = 0x7000 | (b & 0x0fff);
  const variant = 0x8000 | ((c >>> 16) & 0x3fff);
  return (
    hex8(high) +
    '-' +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]! +
    '-' +
    HEX[version >>> 8]! +
    HEX[version & 0xff]! +
    '-' +
    HEX[variant >>> 8]! +
    HEX[variant & 0xff]! +
    '-' +
    HEX[(c >>> 8) & 0xff]! +
    HEX[c & 0xff]! +
    hex8(d)
  );
}

function hex8(n: number): string {
  return HEX[(n >>> 24) & 0xff]! + HEX[(n >>> 16) & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;
}

/** A weighted choice, prepared once: `pick(rng)` is a binary search over the cumulative weights. */
export class Weighted<T> {
  private readonly cumulative: Float64Array;
  readonly items: readonly T[];

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => {
      total += weight;
      this.cumulative[i] = total;
    });
    for (let i = 0; i < entries.length; i++) {
      this.cumulative[i]! /= total;
    }
  }

  index(rng: Rng): number {
    const x = rng.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  pick(rng: Rng): T {
    return this.items[this.index(rng)]!;
  }
}

/**
 * Zipf over ranks 0..size-1 (rank 0 most frequent, weight 1/(rank+1)^s): how scam phone numbers and
 * sites recur. With s = 1 and 200,000 numbers, the top number is in ~8 % of the draws, the tenth in
 * ~0.8 %: a few numbers in thousands of cases, a long tail seen once.
 */
export function zipf(size: number, s: number): Weighted<number> {
  return new Weighted(Array.from({ length: size }, (_, rank) => [rank, 1 / Math.pow(rank + 1, s)] as const));
}

/**
 * A bijection of 0..2^bits-1 (multiply by an odd constant, add a salt, xor-shift): case i gets a
 * receipt number that looks random but can never repeat, without remembering the ones issued.
 */
export function permute(index: number, bits: number, salt: number): number {
  const size = 1n << BigInt(bits);
  const half = BigInt(bits >> 1);
  let x = (BigInt(index) * 0x5deece66dn + BigInt(salt)) % size; // odd multiplier: invertible mod 2^bits
  x ^= x >> half; // invertible: the top half is unchanged and undoes the xor
  x = (x * 0x2545f491n) % size;
  return Number(x);
}
