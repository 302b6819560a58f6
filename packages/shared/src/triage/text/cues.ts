import { kanji2number } from '@geolonia/japanese-numeral';

/*
 * Who is writing and how much money: cues people give in passing (「40代の会社員です」「小4です」「I'm 15」
 * 「娘(中2)が」「3万円払った」). Read from the NFKC text with bounded regular expressions (no backtracking blow-up).
 */

export type TLifeStageCue = {
  /** Who the cue is about: the writer themself, or a child the writer speaks of (娘, my son). */
  about: 'writer' | 'child';
  /** What it says: a child (18 or under) or an adult. */
  stage: 'child' | 'adult';
  /** The age it implies, when it implies one. */
  age?: number;
  phrase: string;
};

export type TAmountCue = { yen: number; phrase: string; start: number; end: number };

const KANJI_DIGITS = '〇一二三四五六七八九十百千万億';
const KANJI_DIGIT = new RegExp(`^[${KANJI_DIGITS}]+$`);

function toNumber(written: string): number | undefined {
  const plain = written.replace(/[,、]/g, '');
  if (/^\d+(?:\.\d+)?$/.test(plain)) {
    return Number(plain);
  }
  if (KANJI_DIGIT.test(plain)) {
    try {
      return kanji2number(plain);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

// School years: six at primary school, three at junior high and high school.
const GRADE_1_6 = '([1-6一二三四五六])';
const GRADE_1_3 = '([1-3一二三])';

// Someone else's child: "娘", "息子(中2)", "うちの子", "my son". Writers who say this are adults (parents,
// grandparents, teachers); the child is the affected person.
const CHILD_OF_WRITER =
  /((?:小学?|中学?|高校?)\s*[1-6一二三四五六]\s*(?:年生?)?の(?:子|こ)|娘|むすめ|息子|むすこ|子ども|子供|こども|うちの子|長男|長女|次男|次女|三男|三女|孫|まご|姪|甥|生徒|教え子|児童)(?:\s*[(（]?\s*(?:小学?|中学?|高校?)?\s*[0-9一二三四五六]{0,2}\s*(?:年生?|歳|才)?\s*[)）]?)?\s*(が|は|の|に|を|も|から|と|、)|\b(?:my|our)\s+(?:\d{1,2}[- ]?(?:year[- ]?old|yo)\s+|teenage\s+|teen\s+|little\s+|young\s+|younger\s+|older\s+|eldest\s+|youngest\s+)?(son|daughter|child|kid|kids|children|grandson|granddaughter|grandchild|student|students|niece|nephew|boy|girl)\b/iu;

type TPattern = {
  pattern: RegExp;
  cue: (match: RegExpExecArray) => Omit<TLifeStageCue, 'phrase' | 'about'> | undefined;
};

const stageOf = (age: number): 'child' | 'adult' => (age <= 18 ? 'child' : 'adult');

const AGE_PATTERNS: readonly TPattern[] = [
  {
    // Not the age of someone else: 「17歳の女の子と」「相手は20歳」.
    pattern:
      /(?<!(?:相手|彼|彼女|男|女|犯人|その人|あいつ)(?:は|が|も)?\s*)(?<!\d)(\d{1,3})\s*(?:歳|才|さい)(?!以上|以下|未満|まで|から|くらい|ぐらい|の(?:娘|息子|子|孫|生徒|女|男|人|相手|彼|大学生|社会人|会社員))/u,
    cue: (m) => {
      const age = Number(m[1]);
      return age > 0 && age <= 110 ? { stage: stageOf(age), age } : undefined;
    },
  },
  {
    pattern: /([1-9])0\s*(?:代|だい)/u,
    cue: (m) => {
      const age = Number(m[1]) * 10;
      return age >= 20 ? { stage: 'adult', age } : { stage: 'child', age: 15 };
    },
  },
  {
    pattern: new RegExp(
      `(?:小学校?|小)\\s*${GRADE_1_6}\\s*(?:年生?|ねんせい|ねん)?(?!時間|一時間|の(?:時|とき|頃|ころ))`,
      'u',
    ),
    cue: (m) => {
      const grade = toNumber(m[1] ?? '') ?? 1;
      return { stage: 'child', age: 6 + grade };
    },
  },
  {
    pattern: new RegExp(
      `(?:中学校?|中)\\s*${GRADE_1_3}\\s*(?:年生?|ねんせい)?(?![0-9時間]|の(?:時|とき|頃|ころ))`,
      'u',
    ),
    cue: (m) => ({ stage: 'child', age: 12 + (toNumber(m[1] ?? '') ?? 1) }),
  },
  {
    pattern: new RegExp(
      `(?:高校|高)\\s*${GRADE_1_3}\\s*(?:年生?|ねんせい)?(?![0-9時間]|の(?:時|とき|頃|ころ))`,
      'u',
    ),
    cue: (m) => ({ stage: 'child', age: 15 + (toNumber(m[1] ?? '') ?? 1) }),
  },
  // "When I was a high-school student" (高校生の時, 中学時代) says nothing of the writer's age now.
  {
    pattern: /(小学生|しょうがくせい)(?!の(?:時|とき|頃|ころ)|時代|だった)/u,
    cue: () => ({ stage: 'child', age: 10 }),
  },
  {
    pattern: /(中学生|ちゅうがくせい|\bjc\b)(?!の(?:時|とき|頃|ころ)|時代|だった)/u,
    cue: () => ({ stage: 'child', age: 14 }),
  },
  {
    pattern: /(高校生|こうこうせい|\bjk\b|\bdk\b)(?!の(?:時|とき|頃|ころ)|時代|だった)/u,
    cue: () => ({ stage: 'child', age: 16 }),
  },
  {
    pattern: /(女子高生|男子高校生|女子中学生|男子中学生|中坊)(?!の(?:時|とき|頃|ころ)|時代|だった)/u,
    cue: () => ({ stage: 'child', age: 15 }),
  },
  {
    pattern:
      /(会社員|サラリーマン|主婦|主夫|専業主|パート(?:で|勤め|主婦)|年金|定年|退職し|社会人|自営業|会社を経営|(?:夫|妻|旦那|嫁|主人|家内)(?:が|と|に|の|は)|ございま|おりま(?:す|した)|存じ|いたしま|高齢|シニア|大学生|大学院|社長|正社員|アルバイトを|フリーター|介護|教員|教師|教諭|担任をして|担任です|教頭|校長|保護者|親として|母親|父親|(?:母|父|親|ママ|パパ|祖母|祖父)です|孫が|孫の|勤務|勤め|職場|上司|同僚|勤務先|取引先|会社の人|(?:私|わたし|わたくし|うち)の(?:会社|店|お店)|離婚|既婚|夫婦|元夫|元妻|成人して|大人です)/u,
    cue: () => ({ stage: 'adult' }),
  },
  {
    pattern:
      /\b(?:i'?m|i am|im|aged|age)\s+(\d{1,2})\b(?!\s*(?:yen|man|%|k\b|000|minutes|hours|days|months))|\b(?:i'?m|i am|im)\s+(\d{1,2})\s*(?:years?\s*old|yo|y\/o)\b/u,
    cue: (m) => {
      // Only a person's own age: "I'm 15", "aged 15"; not "a loan more than 5 years old".
      const age = Number(m[1] ?? m[2]);
      return age > 3 ? { stage: stageOf(age), age } : undefined;
    },
  },
  {
    pattern: /\b(?:in my|my)\s+([2-9])0s\b/u,
    cue: (m) => ({ stage: 'adult', age: Number(m[1]) * 10 }),
  },
  // School life told in the first person: "my mum", a class, a club senior, a teacher to tell.
  {
    pattern:
      /((?:ママ|パパ|まま|ぱぱ)の(?:スマホ|すまほ|携帯|けいたい|カード)|(?:ママ|パパ|まま|ぱぱ|お母さん|おかあさん|お父さん|おとうさん|親|おや)に(?:言え|いえ|バレ|ばれ|怒ら|おこら|知られ|しられ|言ったら|いったら)|(?<!(?:占い|サイト|鑑定|投資|ネット)(?:の|で)?)先生に(?:言|い|相談|そうだん|バレ)|クラスの(?:子|やつ|みんな|女子|男子|グループ)|クラス(?:に|で)(?:味方|友達|友だち|ともだち|居場所|いばしょ|浮い|うい|無視|ハブ)|クラスline|くらすの|部活の(?:先輩|せんぱい|グループ|友達|友だち|子|みんな|やつ|奴|後輩)|部活(?:を)?(?:やめ|辞め)たい|チャイルドライン(?:に|へ|を|かけ|に電話)|おこられ|学校で(?:も|は)|学校(?:に)?(?:行く|いく|行きたく|いきたく|いかない|行かない|いけない|行けない|行けて(?:ない|ません)|いけて(?:ない|ません)|やめたい|辞めたい)|がっこう|ウチの(?:顔|写真|こと)|ウチ(?:が|は)|休み時間|給食|(?:冬|夏|春)休み(?:なのに|中に|明け)|宿題|お?こづかい|お小遣い|(?:親|おや)のカード|(?:おかあさん|おとうさん)の(?:カード|かーど|スマホ|すまほ|けいたい)|(?:ママ|パパ|まま|ぱぱ)のかーど|(?:親|おや)の(?:スマホ|すまほ|携帯|けいたい)|(?:いま|今)(?:親|おや)いない|(?:親|おや)に(?:内緒|ないしょ)|学校の(?:友達|友だち|ともだち|名前|先生|子|やつ|みんな|男子|女子))/u,
    cue: () => ({ stage: 'child' }),
  },
  {
    pattern:
      /\b(junior high|middle school|elementary school|high school student|high schooler|grade [1-9]|[1-9](?:st|nd|rd|th) grade)\b/u,
    cue: () => ({ stage: 'child' }),
  },
  {
    pattern:
      /\b(retired|pension|pensioner|my husband|my wife|office worker|salaryman|housewife|university student|college student|i work (?:at|for|in|as)|my company|my boss|my employer|i am a teacher|i'm a teacher|as a parent|i am a parent|i'm a mother|i'm a father|i am a mother|i am a father|my job|my coworker|my co-worker|my colleague|my workplace|my manager|my salary|my landlord|my rent|married|divorced|my visa|work visa|working visa|work permit|i work)\b/u,
    cue: () => ({ stage: 'adult' }),
  },
];

/** A quoted span, bounded so that a stray bracket never swallows the message. */
const QUOTED = /「[^「」]{0,200}」|『[^『』]{0,200}』|"[^"\n]{0,200}"|“[^“”]{0,200}”/gu;

/** Life-stage cues of the writer and of any child the writer speaks of. */
export function findLifeStageCues(text: string): TLifeStageCue[] {
  // What the person quotes (a scam screen's 「ご入会ありがとうございます」) is someone else's register, not theirs:
  // blanked out, keeping offsets.
  const nfkc = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(QUOTED, (quoted) => ' '.repeat(quoted.length));
  const cues: TLifeStageCue[] = [];
  const childOf = CHILD_OF_WRITER.exec(nfkc);
  if (childOf) {
    cues.push({ about: 'child', stage: 'child', phrase: childOf[0].trim() });
    cues.push({ about: 'writer', stage: 'adult', phrase: childOf[0].trim() });
  }
  for (const { pattern, cue } of AGE_PATTERNS) {
    const match = pattern.exec(nfkc);
    const found = match ? cue(match) : undefined;
    if (match && found) {
      // A grade or age right next to the child the writer speaks of ("娘(中2)", "my son is 15") is the child's.
      const aboutChild =
        childOf !== null && Math.abs(match.index - childOf.index) <= 12 && found.stage === 'child';
      cues.push({ about: aboutChild ? 'child' : 'writer', ...found, phrase: match[0].trim() });
    }
  }
  return cues;
}

const AMOUNT_PATTERNS: readonly RegExp[] = [
  /([0-9][0-9,]*(?:\.[0-9]+)?|[〇一二三四五六七八九十百千]+)\s*(億|万|千)?\s*(?:円|えん)/gu,
  /[¥￥]\s*([0-9][0-9,]*)()/gu,
  /([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万|千|k|man)?\s*(?:yen|jpy)\b/gu,
  /([0-9][0-9,]*(?:\.[0-9]+)?)\s*(万)(?=\s*(?:払|はら|振|ふり|送|取|とら|損|も|くらい|ほど|以上))/gu,
];

const MULTIPLIER: Readonly<Record<string, number>> = {
  億: 100_000_000,
  万: 10_000,
  man: 10_000,
  千: 1_000,
  k: 1_000,
};

/** Money amounts written in the text (3万円, ３０００円, ¥300,000, 三万円, 50,000 yen). */
export function findAmounts(text: string): TAmountCue[] {
  const nfkc = text.normalize('NFKC').toLowerCase();
  const amounts: TAmountCue[] = [];
  for (const pattern of AMOUNT_PATTERNS) {
    for (const match of nfkc.matchAll(pattern)) {
      const base = toNumber(match[1] ?? '');
      if (base === undefined) {
        continue;
      }
      const yen = Math.round(base * (MULTIPLIER[match[2] ?? ''] ?? 1));
      const start = match.index;
      if (yen > 0 && yen <= 100_000_000_000 && !amounts.some((known) => known.start === start)) {
        amounts.push({ yen, phrase: match[0].trim(), start, end: start + match[0].length });
      }
    }
  }
  return amounts.sort((a, b) => a.start - b.start);
}
