import { TROUBLE_CATEGORY_CODES, URGENCY_LEVELS } from '../category';
import { DEMAND_VIA_CODES, type TIntake, type TIntakeInput, ZIntake } from '../intake.schema';
import { PREFECTURE_CODES } from '../prefecture';
import { loadSeedWindows, tokyo } from '../testing/seed-windows';
import { isEligible, type TReferralWindow } from '../windows';
import { triage } from './triage';
import { ZTriageResult } from './triage.types';

/** mulberry32: tiny, seedable, good enough to spread test inputs (not for anything secret). */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  return { next, int, chance, pick };
}
type TRandom = ReturnType<typeof createRandom>;

const FRAGMENTS = [
  '登録完了',
  '退会料',
  '利用料',
  '登録料',
  '架空請求',
  'ワンクリック',
  'アダルトサイト',
  '特別送達',
  '裁判所',
  '訴状',
  '支払督促',
  '当選しました',
  '副業',
  '投資',
  '偽サイト',
  '商品が届かない',
  '通販',
  'フィッシング',
  '銀行を名乗るSMS',
  'カード会社からのメール',
  '宅配業者の不在通知',
  'パスワードを入力してしまった',
  'ウイルス',
  '乗っ取られた',
  '不正アクセス',
  '誹謗中傷',
  '悪口',
  '晒された',
  '脅迫',
  '殺すと言われた',
  '恐喝',
  'ストーカー',
  'つきまとわれる',
  'いじめ',
  '仲間外れ',
  '出会い系',
  'サクラ',
  'ポイント',
  '画面が消えない',
  'プレイヤー更新',
  'インストール',
  '死にたい',
  '消えたい',
  '元彼',
  'DV',
  '払ってしまった',
  '払ったほうがいい?',
  '電話がかかってきた',
  '無視されている',
  'ＳＭＳ',
  'ｻｸﾗ',
  'ＰＡＳＳＷＯＲＤ',
  'よくわからない',
  '助けてください',
  '。',
  '、',
  '\n',
  ' ',
  '😢',
  'abc',
  '12345',
  // Hiragana as children write, English as foreign residents write, and text that breaks naive code.
  'とうろく かんりょう',
  'のっとられた',
  'しにたい',
  'いま いえの まえに いる',
  'I want to die',
  'He is outside my apartment right now',
  'small claims lawsuit from the Summary Court',
  'my account was hacked',
  'I paid 50,000 yen',
  'my son is 12',
  "I'm 15",
  '40代の会社員です',
  '小4です',
  '\u200f',
  '\u202e',
  '\ud800',
  '\udfff',
  'ﾞﾟ',
  '゛',
  'İ',
  '👨‍👩‍👧',
];

const ALPHABETS = [
  'あいうえおかきくけこさしすせそっゃ',
  'アイウエオカキクケコヴー',
  '詐欺殺死払裁判',
  'abcdefghij klmnop',
  '０１２３４５６７８９',
  '。、!?…「」\n',
];

/** Random text mixing scripts character by character: no word in it, every byte of it odd. */
function randomMixedText(random: TRandom): string {
  return Array.from({ length: random.int(1, 300) }, () => {
    const alphabet = random.pick(ALPHABETS);
    return [...alphabet][random.int(0, [...alphabet].length - 1)];
  }).join('');
}

function randomIntake(random: TRandom): TIntakeInput {
  const description = Array.from({ length: random.int(1, 8) }, () => random.pick(FRAGMENTS)).join('');
  const maybe = <T>(value: () => T): T | undefined => (random.chance(0.5) ? value() : undefined);
  const bool = () => random.chance(0.5);
  const answers = {
    paid: maybe(bool),
    amountRequestedYen: maybe(() => random.int(0, 1_000_000)),
    amountPaidYen: maybe(() => random.int(0, 1_000_000)),
    personalInfoGiven: maybe(bool),
    contactedOtherParty: maybe(bool),
    installedSoftware: maybe(bool),
    billingScreenPersists: maybe(bool),
    courtPapersReceived: maybe(bool),
    threatened: maybe(bool),
    inDangerNow: random.chance(0.1) ? true : maybe(() => false),
    stalked: maybe(bool),
    demandVia: maybe(() => DEMAND_VIA_CODES.filter(() => random.chance(0.3))),
  };
  const text = random.chance(0.3) ? randomMixedText(random) : description;
  const input: TIntakeInput = {
    description: text.trim() === '' ? '助けて' : text,
    category: random.chance(0.4) ? random.pick(TROUBLE_CATEGORY_CODES) : undefined,
    answers: random.chance(0.7) ? answers : undefined,
    person: random.chance(0.8)
      ? {
          age: random.chance(0.8)
            ? random.pick([random.int(0, 120), random.int(6, 20), 18, 19, 30])
            : undefined,
          prefecture: random.chance(0.5) ? random.pick(PREFECTURE_CODES) : undefined,
        }
      : undefined,
    identifiers: random.chance(0.3) ? { phones: ['090-1234-5678'] } : undefined,
  };
  // Drop undefined keys the way a JSON body would arrive.
  return JSON.parse(JSON.stringify(input)) as TIntakeInput;
}

function randomDirectory(random: TRandom, windows: readonly TReferralWindow[]): TReferralWindow[] {
  // Mostly the real directory; sometimes windows switched off, to exercise the fallback paths.
  return windows.map((window) => (random.chance(0.1) ? { ...window, active: false } : window));
}

describe('triage over 2000 random intakes (seeded)', () => {
  const seedWindows = loadSeedWindows();
  const random = createRandom(20261101);
  const start = tokyo('2026-01-01T00:00').getTime();
  const cases = Array.from({ length: 2000 }, () => {
    const intake: TIntake = ZIntake.parse(randomIntake(random));
    const windows = random.chance(0.3) ? randomDirectory(random, seedWindows) : seedWindows;
    const now = new Date(start + random.int(0, 2 * 365 * 24 * 60) * 60_000);
    return { intake, windows, now };
  });

  it('never throws and always returns a valid, well-formed result', () => {
    for (const { intake, windows, now } of cases) {
      const result = triage(intake, windows, now);
      const context = { description: intake.description, person: intake.person, answers: intake.answers };

      expect(() => ZTriageResult.parse(result)).not.toThrow();
      expect(URGENCY_LEVELS).toContain(result.urgency);
      expect(result.recommendations.length).toBeGreaterThanOrEqual(1);
      expect(new Set(result.recommendations.map((r) => r.windowSlug)).size).toBe(
        result.recommendations.length,
      );
      for (const category of result.categories) {
        expect(category.confidence).toBeGreaterThanOrEqual(0);
        expect(category.confidence).toBeLessThanOrEqual(1);
      }
      for (const recommendation of result.recommendations) {
        const window = windows.find((w) => w.slug === recommendation.windowSlug);
        if (!window?.active || !isEligible(window, intake.person).eligible) {
          throw new Error(
            `recommended unusable window ${recommendation.windowSlug} for ${JSON.stringify(context)}`,
          );
        }
      }
    }
  });

  it('analyses any text without throwing, even the largest body and broken UTF-16', () => {
    const nasty = [
      '\ud800'.repeat(5000),
      'あ'.repeat(64 * 1024),
      '\u202e死にたい\u202c',
      '😢'.repeat(2500),
      'ﾞ'.repeat(5000),
      // Text that reads as romaji is transliterated: word by word, never the whole body at once.
      'ka '.repeat(1700),
      'a'.repeat(64 * 1024),
      'sagi '.repeat(1000),
    ];
    for (const description of nasty) {
      const result = triage({ channel: 'web', description }, seedWindows, new Date());
      expect(() => ZTriageResult.parse(result)).not.toThrow();
      expect(result.recommendations.length).toBeGreaterThan(0);
    }
  });

  it('never sends an adult to Childline', () => {
    for (const { intake, windows, now } of cases) {
      if ((intake.person?.age ?? 0) > 18) {
        expect(triage(intake, windows, now).recommendations.map((r) => r.windowSlug)).not.toContain(
          'childline',
        );
      }
    }
    const thirty = ZIntake.parse({ description: 'いじめ。死にたい', person: { age: 30 } });
    expect(triage(thirty, seedWindows, new Date()).recommendations.map((r) => r.windowSlug)).not.toContain(
      'childline',
    );
  });

  it('always treats danger-now as an emergency with 110 first (while 110 is active)', () => {
    let checked = 0;
    for (const { intake, windows, now } of cases) {
      if (intake.answers?.inDangerNow !== true) {
        continue;
      }
      const result = triage(intake, windows, now);
      expect(result.urgency).toBe('emergency');
      expect(result.safetyAlerts.map((a) => a.code)).toContain('call-110-now');
      if (windows.find((w) => w.slug === 'police-110')?.active) {
        expect(result.recommendations[0]?.windowSlug).toBe('police-110');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('never tells anyone to ignore anything', () => {
    for (const { intake, windows, now } of cases) {
      const result = triage(intake, windows, now);
      const texts = [
        ...result.safetyAlerts.map((a) => a.message),
        ...result.recommendations.map((r) => r.reason),
        ...result.advice.do,
        ...result.advice.doNot,
        ...result.advice.evidence,
      ];
      expect(texts.some((t) => t.ja.includes('無視') || /ignor/i.test(t.en))).toBe(false);
    }
  });
});
