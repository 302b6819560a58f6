// The scam identifiers cases share. Scam phone numbers, sites and accounts recur the way they do in
// real consultations: a few are behind thousands of cases (the number in a mass SMS campaign), most
// appear once or twice. Every pool is derived from the seed, so the generator's workers, the
// registry seeding and the load scenarios all see the same numbers. All values are fictitious.
import { isValidPhoneNumber } from 'libphonenumber-js';
import { permute, Rng, Weighted, zipf } from './random';

export type IdentifierPools = {
  /** National-format digits, e.g. 05012345678. */
  phones: string[];
  /** Host names, e.g. rakuraku-shiharai.top */
  domains: string[];
  /** Full URLs on those hosts. */
  urls: string[];
  emails: string[];
  bankAccounts: string[];
  names: string[];
  phoneRank: Weighted<number>;
  urlRank: Weighted<number>;
  emailRank: Weighted<number>;
  bankRank: Weighted<number>;
  nameRank: Weighted<number>;
};

const SYLLABLES = [
  'raku',
  'shi',
  'hara',
  'kai',
  'shu',
  'net',
  'pay',
  'mobi',
  'sapo',
  'info',
  'ka',
  'ne',
  'mo',
  'ru',
  'secure',
  'check',
  'login',
  'member',
  'point',
  'gift',
  'lucky',
  'fuku',
  'gyo',
  'tou',
  'shi',
  'mira',
  'hikari',
  'sora',
  'nami',
  'yume',
  'koto',
  'smart',
  'cash',
  'bank',
  'card',
  'post',
  'deli',
  'box',
] as const;
const TLDS = [
  'top',
  'xyz',
  'shop',
  'com',
  'net',
  'info',
  'site',
  'online',
  'vip',
  'jp',
  'icu',
  'buzz',
] as const;
const PATHS = ['', '', '/lp', '/login', '/entry/', '/member/pay', '/campaign?id=', '/m/', '/verify'] as const;
const BANKS = [
  'ひかり野銀行',
  'みどり台銀行',
  'はるかぜ銀行',
  'つばさ信用金庫',
  'しらかば銀行',
  'あさぎり銀行',
];
const BRANCHES = [
  '本店営業部',
  '新宿中央支店',
  '梅田北支店',
  '第一支店',
  'ひまわり支店',
  '駅前支店',
  'さくら支店',
];
const HOLDERS = [
  'カ)サポートセンター',
  'ド)ネクストワークス',
  'ヤマダ タロウ',
  'カ)グローバルアシスト',
  'サトウ ハナコ',
];
const NAME_HEADS = [
  'ジャパン',
  'ネクスト',
  'グローバル',
  'アシスト',
  'サポート',
  'ユニオン',
  'ライフ',
  'スマート',
];
const NAME_TAILS = ['サービス', 'ネットワーク', 'ソリューション', 'センター', '事務局', 'コンサルティング'];

/** Pool sizes grow with the data set: a national year has ~200k distinct scam numbers. */
export function poolSizes(cases: number) {
  return {
    phones: Math.max(2_000, Math.round(cases * 0.2)),
    domains: Math.max(500, Math.round(cases * 0.03)),
    urls: Math.max(800, Math.round(cases * 0.05)),
    emails: Math.max(500, Math.round(cases * 0.03)),
    bankAccounts: Math.max(300, Math.round(cases * 0.02)),
    names: Math.max(300, Math.round(cases * 0.01)),
  };
}

export function buildPools(seed: number, cases: number): IdentifierPools {
  const sizes = poolSizes(cases);
  const rng = new Rng(seed, 0x1d);
  const phones = uniqueList(sizes.phones, () => scamPhone(rng));
  const domains = uniqueList(sizes.domains, () => {
    const parts = rng.int(1, 2);
    const words = Array.from({ length: parts + 1 }, () => rng.pick(SYLLABLES));
    return `${words.join(rng.chance(0.5) ? '-' : '')}${rng.int(0, 9) < 3 ? rng.int(1, 99) : ''}.${rng.pick(TLDS)}`;
  });
  // Sites concentrate like numbers do: Zipf over the domains for each URL.
  const domainRank = zipf(domains.length, 0.9);
  const urls = uniqueList(sizes.urls, () => {
    const path = rng.pick(PATHS);
    return `https://${domains[domainRank.pick(rng)]!}${path.endsWith('=') ? `${path}${rng.int(100, 99999)}` : path}`;
  });
  const emails = uniqueList(sizes.emails, () => {
    const local = `${rng.pick(SYLLABLES)}${rng.pick(['', '.', '_'])}${rng.pick(SYLLABLES)}${rng.int(1, 9999)}`;
    return `${local}@${domains[domainRank.pick(rng)]!}`;
  });
  const bankAccounts = uniqueList(
    sizes.bankAccounts,
    () =>
      `${rng.pick(BANKS)} ${rng.pick(BRANCHES)} 普通 ${String(rng.int(1_000_000, 9_999_999))} ${rng.pick(HOLDERS)}`,
  );
  const names = uniqueList(sizes.names, () =>
    rng.chance(0.6)
      ? `カ)${rng.pick(NAME_HEADS)}${rng.pick(NAME_TAILS)}${rng.chance(0.3) ? rng.int(1, 99) : ''}`
      : `${rng.pick(NAME_HEADS)}${rng.pick(NAME_TAILS)}(${rng.pick(['担当', '法務部', '回収課'])})`,
  );
  return {
    phones,
    domains,
    urls,
    emails,
    bankAccounts,
    names,
    phoneRank: zipf(phones.length, 1.0),
    urlRank: zipf(urls.length, 1.0),
    emailRank: zipf(emails.length, 0.9),
    bankRank: zipf(bankAccounts.length, 0.9),
    nameRank: zipf(names.length, 0.8),
  };
}

function uniqueList(size: number, make: () => string): string[] {
  const seen = new Set<string>();
  // Small pools can run out of distinct values; stop trying after a generous number of draws.
  for (let tries = 0; seen.size < size && tries < size * 20; tries++) {
    seen.add(make());
  }
  return [...seen];
}

/** 050 IP phones dominate scam numbers, then mobiles, Tokyo landlines and toll-free numbers. */
function scamPhone(rng: Rng): string {
  for (;;) {
    const kind = rng.next();
    const digits =
      kind < 0.4
        ? `050${rng.int(1, 9)}${digits7(rng)}`
        : kind < 0.75
          ? `0${rng.pick(['90', '80', '70'])}${rng.int(1, 9)}${digits7(rng)}`
          : kind < 0.9
            ? `03${rng.int(3, 6)}${digits7(rng)}`
            : `0120${rng.int(1, 9)}${String(rng.int(0, 99_999)).padStart(5, '0')}`;
    if (isValidPhoneNumber(digits, 'JP')) {
      return digits;
    }
  }
}

function digits7(rng: Rng): string {
  return String(rng.int(0, 9_999_999)).padStart(7, '0');
}

/**
 * A phone number used in one case only (the person's own, or a scammer's burner), unique per
 * (case index, purpose) without remembering the ones handed out: 080-9xxx-xxxx from a bijection.
 */
export function uniquePhone(caseIndex: number, purpose: 0 | 1): string {
  // 26 bits: unique for 33 M cases; 20,000,000 + n keeps eight digits starting 2–8 (a valid mobile).
  const n = permute(caseIndex * 2 + purpose, 26, 0x2a5);
  return `0${purpose === 0 ? '80' : '70'}${20_000_000 + n}`;
}

/** How people write a number down: with hyphens, without, in full-width digits from a Japanese IME. */
export function writePhone(digits: string, rng: Rng): string {
  const grouped =
    digits.startsWith('0120') && digits.length === 10
      ? `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`
      : digits.startsWith('03')
        ? `${digits.slice(0, 2)}-${digits.slice(2, 6)}-${digits.slice(6)}`
        : `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  const form = rng.next();
  if (form < 0.55) {
    return grouped;
  }
  if (form < 0.8) {
    return digits;
  }
  if (form < 0.92) {
    return toFullWidth(grouped).replace(/-/g, 'ー');
  }
  return grouped.replace(/-/g, ' ');
}

export function toFullWidth(value: string): string {
  return value.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}
