import { TROUBLE_CATEGORY_CODES, type TTroubleCategory } from '../category';
import { callerRelationOf, type TCallerRelation, type TIntake, type TIntakeAnswers } from '../intake.schema';
import { analyseText, type TTextAnalysis } from './text/analyse';
import { MEDIUM, STRONG, type TTextSignalCode, WEAK } from './text/lexicon.types';
import type {
  TCategoryMatch,
  TLifeStage,
  TTriageContext,
  TTriageDisagreement,
  TTriageSignal,
  TTriageSignalCode,
  TTriageSignals,
} from './triage.types';

/** Confidence from which a category drives rules. */
export const CATEGORY_THRESHOLD = 0.5;
/**
 * When no category reaches the threshold, the best one still routes if it has at least this much evidence: a
 * category the text does point at beats "not sure where to go" (a ¥3,000,000 investment story must reach the
 * police even when it is told in words the lexicon weighs lightly).
 */
export const FOUND_THRESHOLD = 0.35;
/** Two pieces of evidence (two MEDIUM terms, or a STRONG term and another): one word is not a second trouble. */
export const SECOND_CATEGORY_THRESHOLD = 0.64;
/**
 * A child writing about insulting posts is being bullied: the posts are part of that trouble, so their wording
 * counts for less as a trouble of its own (a parent or teacher asking for deletion keeps it in full).
 */
const CHILD_DEFAMATION_FACTOR = 0.6;
const PICKED_WEIGHT = 0.9;
const OTHER_WHEN_NOTHING_MATCHED = 0.5;
const CHILD_MAX_AGE = 18;
// Mostly hiragana, as children write before they know the kanji: a weak cue that a child is writing.
const HIRAGANA_ONLY_MIN_LENGTH = 12;
const HIRAGANA_SHARE = 0.5;

type TEvidence = { weight: number; because: string };

/** Answers that point at a category, with how strongly. */
const ANSWER_EVIDENCE: readonly {
  answer: keyof TIntakeAnswers;
  code: TTroubleCategory;
  weight: number;
}[] = [
  { answer: 'courtPapersReceived', code: 'court_notice', weight: 0.9 },
  { answer: 'installedSoftware', code: 'malware_unauthorized_access', weight: 0.8 },
  { answer: 'billingScreenPersists', code: 'malware_unauthorized_access', weight: 0.8 },
  { answer: 'billingScreenPersists', code: 'fictitious_billing', weight: 0.6 },
  { answer: 'threatened', code: 'sns_threat_stalking', weight: 0.85 },
  { answer: 'stalked', code: 'sns_threat_stalking', weight: 0.85 },
  { answer: 'inDangerNow', code: 'sns_threat_stalking', weight: WEAK },
];

/** Signals the text states that also say which trouble it is. */
// Threats and intimate images are never a side issue: they name the trouble even beside another one.
const SAFETY_EVIDENCE = 0.8;

const SIGNAL_EVIDENCE: readonly { signal: TTextSignalCode; code: TTroubleCategory; weight: number }[] = [
  { signal: 'intimate_images', code: 'sns_threat_stalking', weight: SAFETY_EVIDENCE },
  { signal: 'threat_to_life', code: 'sns_threat_stalking', weight: SAFETY_EVIDENCE },
  { signal: 'danger_now', code: 'sns_threat_stalking', weight: MEDIUM },
  { signal: 'court_papers', code: 'court_notice', weight: STRONG },
  { signal: 'fake_court_notice', code: 'fictitious_billing', weight: SAFETY_EVIDENCE },
  // Something installed (or a screen that will not go away) is the trouble itself, not the lure that brought it.
  { signal: 'app_installed', code: 'malware_unauthorized_access', weight: MEDIUM },
];

// Wording only real court papers carry: with one of these, a "known fake" marker does not cancel the papers.
// What only real papers carry. Not 訴状 alone: the fake postcards say a 訴状 "has been filed".
const REAL_COURT_MARKERS =
  /特別送達|支払督促|事件番号|簡易裁判所|地方裁判所|summary court|district court|small claim/i;

/**
 * Real court papers are the trouble to name, whoever sued (a billing operator may use the court too): the
 * bill's own words (未払い, 請求額, 身に覚えがない) then count for less as fictitious billing.
 */
const BILL_WORDS_BESIDE_REAL_PAPERS = 0.4;
/**
 * Beside real court papers, words about posts (名誉毀損, "says I am") mostly tell what the person is sued over:
 * the papers are the trouble, and a post about the person needs firmer words to be a second one.
 */
const POST_WORDS_BESIDE_REAL_PAPERS = 0.5;

/**
 * Phishing is a fake page that takes secrets. When the person gave none and opened no link, its words (an SMS, a
 * sender's name, a password being changed) beside malware or beside a stronger trouble are only the way that
 * trouble arrived, and count for less.
 */
const LURE_ONLY_FACTOR = 0.5;
/**
 * Money lent to a friend or colleague who does not pay it back is a civil matter between them, not a fraud to
 * report: it does not make a story an online fraud by itself (a romance scam names its own trouble).
 */
const LOAN_TO_ACQUAINTANCE =
  /(友達|友だち|ともだち|友人|知人|同僚|先輩|後輩)に[^。]{0,12}(貸し|かし|貸した|かした)/;
/** In-app purchases (課金) are spending, not money handed to someone: they do not make a story a fraud. */
const IN_APP_PURCHASE = /課金|かきん|kakin|in-app purchase|in app purchase/i;
/**
 * Fake technical support (a warning screen, a call to "support", a remote-control tool) is one trouble, malware /
 * unauthorized access, even when the person paid for the "repair": the payment is a signal (it sends them to the
 * police as well), not a second fraud. Payment words beside it count for this much as online fraud.
 */
const FAKE_SUPPORT_PAYMENT_FACTOR = 0.5;
/** The warning screen's number called: fake support even before any tool is installed. */
const FAKE_SUPPORT_CALL =
  /(警告|けいこく|ウイルス|ういるす|ハッキング|サポート)[^。]{0,40}(番号|ばんごう)に(電話|でんわ)|(warning|virus|hacked)[^.]{0,60}call(ed)? (the|a) (number|microsoft|support)/i;
const FAKE_SUPPORT =
  /サポート|さぽーと|遠隔|えんかく|リモート|警告|けいこく|ウイルスに感染|ういるすに感染|support|remote|warning|virus/i;
/**
 * Near misses that look like a trouble and are not one of ours: a thing bought over the counter of a shop (no
 * mail order in the story), or an account closed by the game's or service's own operator (its terms, not an
 * intruder). Shopping and account words in such a message count for this much.
 */
const NEAR_MISS_FACTOR = 0.5;
const SHOP_COUNTER_PURCHASE =
  /(お店|おみせ|店頭|店舗|量販店|実店舗|ショップの店頭|携帯ショップ|キャリアショップ)で(買|かっ|かい|購入)|bought (it )?(in|at) (a|the) (store|shop)/i;
const ONLINE_ORDER =
  /ネット|ねっと|通販|サイト|アプリ|あぷり|オンライン|インスタ|sns|フリマ|メルカリ|amazon|アマゾン|楽天|online|website|app\b|ordered|届かな|届いた|とどかな|発送|配送/i;
const OPERATOR_BAN =
  /規約違反(で|により|のため|として)|(運営|公式|運営会社)(に|から)(ban|バン|凍結|停止|永久停止|垢バン)|垢ban|垢バン|banned by/i;
const INTRUDER = /乗っ取|のっと|不正(ログイン|アクセス)|ログインされ|hacked|someone logged in/i;
/** An intruder word the person denies (乗っ取りではなく, 乗っ取りではないと思います): no intruder in the story. */
const INTRUDER_DENIED =
  /(乗っ取り?|のっとり?|不正ログイン|不正アクセス)(とか|など)?(では|じゃ)(なく|ない(と思|とおも|です。))|not hacked|wasn'?t hacked/i;
/**
 * The person forgot their own password or PIN: account words (パスワード, ログイン) in such a message tell a locked-out
 * user, not a stolen account or a fake login page.
 */
const LOCKED_OUT_FACTOR = 0.3;
const FORGOT_OWN_PASSWORD =
  /(パスワード|ぱすわーど|暗証番号|pin|id|ログイン情報)(を|も)?(忘れ|わすれ)|忘れただけ|forgot (my |the )?(password|pin)|forgotten (my |the )?(password|pin)/i;
/**
 * The person says there is no trouble after all: it was their own purchase or sign-up, it is sorted out, they only
 * worry (「自分が買った有料アプリの分でした」, 「解決はしました」, 「特に問題はないけど」). Trouble words in such a message
 * count for this much, unless the text also states harm or danger (a signal below). Firm evidence still names its
 * trouble; one or two words about a parcel or a bill no longer do.
 */
const NO_TROUBLE_FACTOR = 0.5;
const DAMAGE_OF_THEFT_FACTOR = 0.5;
const BILL_INSIDE_ANOTHER_FACTOR = 0.5;
/** A screen that will not go away (one-click-ware), as people tell it. */
const BILL_STAYS =
  /消えな|消えま|きえな|消せな|消せま|けせな|閉じ(な|られ|れ)|とじ(な|られ|れ)|(出て|でて)くる|出続け|でつづけ|(消して|けして|再起動して|さいきどうして)も/;
const PREPAID_PAYMENT =
  /ギフトカード|ギフト券|プリペイド|電子マネー|コンビニで(払|支払|買)|gift card|prepaid/i;
/** A ransom note: files locked or encrypted and payment asked to restore them. */
const RANSOM =
  /暗号化|ランサム|身代金|(ファイル|データ)が(全部|ぜんぶ|すべて|)(開けな|ひらけな|開かな|見れな|使えな)|(元に戻|復元|復旧)(したければ|してほしければ|するには|したいなら)|ransom|encrypted/i;
const UNAUTHORISED_ORDER =
  /(勝手に|かってに|知らないうちに)(注文|ちゅうもん|買い物|購入|決済)|(身に覚えの?ない|知らない|覚えのない)(注文|買い物|購入|決済)|海外の(買い物|利用)|(unauthori[sz]ed|fraudulent) (purchase|order|charge)s?|orders? i (did not|didn'?t) (make|place)/i;
const NO_TROUBLE =
  /特に問題(は)?(ない|なかった|ありません)(けど|が|です|。|$)|確認(済み|ずみ)|解決(は|も)?(しました|した(?![いら])|済み|ずみ|できました)|心配なだけ|気になっただけ|自分で(申し込|申込|契約|買|購入|注文|設定)|自分が(申し込|買|購入|注文)|勘違い(でした|だった)|(今のところ|いまのところ)(何も|なにも)(起きて|おきて|起こって)(い|)(ない|ません)|(去年|前に|以前|昔)(自分で|)(入った|入会した|申し込んだ|契約した|登録した)|(調べ|確認し|問い合わせ|聞い)(たら|てみたら|ると)(本物|正規|公式|正式)(でした|だった|のもの)|普通に解約|no problem (at all|so far)|it was my own (purchase|order|subscription)|it turned out (to be )?(fine|legit|legitimate|my own)/i;
/**
 * Asking ahead, with nothing that happened yet: which antivirus to use, whether a card is safe on a shop site, where
 * to ask "if I ever have a problem". Counts like NO_TROUBLE, but only when the text states no signal at all.
 */
const ASKING_AHEAD =
  /(おすすめ|オススメ)の(セキュリティ|ウイルス対策|アプリ|ソフト)|(予防|対策|気をつけ(る|た)こと|注意点)(を|は|って)?(教えて|知りたい|ありますか)|do you recommend|any tips|is it safe to|how (can|do|should) i (protect|avoid|prevent|stay safe)|if i (ever )?(have|get|receive|run into)|in case i (ever )?(have|get)/i;
const HARM_SIGNALS: readonly TTextSignalCode[] = [
  'danger_now',
  'threat_to_life',
  'intimate_images',
  'self_harm',
  'credentials_given',
  'app_installed',
  'court_papers',
  'fake_court_notice',
];

/** Bullying words from an adult writing about no child (their workplace LINE group) count for this much. */
const ADULT_BULLYING_FACTOR = 0.3;
type TLifeStageFlags = { childAffected: boolean; childWriting: boolean; adultWriting: boolean };
const LINK_OPENED =
  /(リンク|りんく|url)(を|から|先|さき|)(開|ひら|押|おし|タップ|たっぷ|クリック|くりっく|踏)|(clicked|tapped|opened|pressed) (the|a|on the|on a) link/i;

/** An answer and the signal it speaks to: `answered: false` with the signal in the text is a disagreement. */
const ANSWER_SIGNALS: readonly { answer: keyof TIntakeAnswers; code: TTriageSignalCode }[] = [
  { answer: 'inDangerNow', code: 'danger_now' },
  { answer: 'threatened', code: 'threat_to_life' },
  { answer: 'paid', code: 'money_paid' },
  { answer: 'personalInfoGiven', code: 'credentials_given' },
  { answer: 'installedSoftware', code: 'app_installed' },
  { answer: 'billingScreenPersists', code: 'app_installed' },
  { answer: 'courtPapersReceived', code: 'court_papers' },
  { answer: 'contactedOtherParty', code: 'contacted_them' },
];

function combine(weights: readonly number[]): number {
  const remaining = weights.reduce((product, weight) => product * (1 - weight), 1);
  return Math.round((1 - remaining) * 100) / 100;
}

function isEnglish(description: string): boolean {
  const latin = description.match(/[A-Za-z]/g)?.length ?? 0;
  const japanese = description.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)?.length ?? 0;
  return latin >= 20 && latin > japanese * 3;
}

/**
 * Written as a child of 8–12 writes: in kana, with no kanji (or one), a long enough message. Adults almost always
 * use some kanji; a child's katakana loanwords (ゲーム, パスワード) do not count against it.
 */
function isWrittenWithoutKanji(description: string): boolean {
  const letters = description.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? [];
  if (letters.length < HIRAGANA_ONLY_MIN_LENGTH) {
    return false;
  }
  const kanji = letters.filter((letter) => /\p{Script=Han}/u.test(letter)).length;
  const hiragana = letters.filter((letter) => /\p{Script=Hiragana}/u.test(letter)).length;
  return kanji <= 1 && hiragana / letters.length >= HIRAGANA_SHARE;
}

/**
 * The text describes one of the known fake court notices (法務省管轄支局, 訴訟最終告知…) and nothing only real papers
 * carry. The postcard calls itself a court notice, so a person holding one picks "court papers": the text decides
 * the trouble (a bill), while the answer still brings the court-papers alert and is shown as a disagreement.
 */
function fakeNoticeOnly(intake: TIntake, text: TTextAnalysis): boolean {
  return (
    text.signals.has('fake_court_notice') && !REAL_COURT_MARKERS.test(intake.description.normalize('NFKC'))
  );
}

function realCourtPapers(intake: TIntake, text: TTextAnalysis): boolean {
  if (intake.answers?.courtPapersReceived === true) {
    return true;
  }
  return text.signals.has('court_papers') && !fakeNoticeOnly(intake, text);
}

/** How two phrases are compared: width and case do not make another word. */
function sameWords(because: string): string {
  return because.normalize('NFKC').toLowerCase();
}

function collectEvidence(
  intake: TIntake,
  text: TTextAnalysis,
  courtPapers: boolean,
  { childAffected, childWriting, adultWriting }: TLifeStageFlags,
): Map<TTroubleCategory, TEvidence[]> {
  const evidence = new Map<TTroubleCategory, TEvidence[]>();
  const add = (code: TTroubleCategory, item: TEvidence) => {
    const list = evidence.get(code) ?? [];
    // One phrase is one piece of evidence, at the strongest weight anything gives it: 「Amazon」 met by the
    // Japanese and the English lexicon is still one word.
    const key = sameWords(item.because);
    const known = list.find((existing) => sameWords(existing.because) === key);
    if (known) {
      known.weight = Math.max(known.weight, item.weight);
    } else {
      list.push({ ...item });
    }
    evidence.set(code, list);
  };

  const fakeNotice = fakeNoticeOnly(intake, text);
  // What the fake postcard made the person pick or answer is a hint, not the trouble.
  const courtClaim = (code: TTroubleCategory, weight: number) =>
    code === 'court_notice' && fakeNotice ? WEAK : weight;
  if (intake.category) {
    add(intake.category, {
      weight: courtClaim(intake.category, PICKED_WEIGHT),
      because: 'picked by the person',
    });
  }
  const answers = intake.answers ?? {};
  for (const { answer, code, weight } of ANSWER_EVIDENCE) {
    if (answers[answer] === true) {
      add(code, { weight: courtClaim(code, weight), because: `answer: ${answer}` });
    }
  }
  if (answers.demandVia && answers.demandVia.length > 0) {
    add('fictitious_billing', { weight: WEAK, because: 'answer: demandVia' });
  }
  const scale = (code: TTroubleCategory) =>
    code === 'defamation' && childWriting
      ? CHILD_DEFAMATION_FACTOR
      : code === 'fictitious_billing' && courtPapers && !text.signals.has('fake_court_notice')
        ? BILL_WORDS_BESIDE_REAL_PAPERS
        : code === 'defamation' && courtPapers && !fakeNotice
          ? POST_WORDS_BESIDE_REAL_PAPERS
          : 1;
  for (const [code, items] of text.categories) {
    // The known fake court notices use court words; unless real papers are described too, they are a bill.
    if (code === 'court_notice' && fakeNotice) {
      continue;
    }
    for (const item of items) {
      add(code, { weight: item.weight * scale(code), because: `「${item.phrase}」` });
    }
  }
  // A child hurt among classmates (a school word beside posts or insults) is bullying, whatever the medium.
  // A child harmed among classmates (a school word beside insults or threats, or a child's message about school
  // and friends with no other trouble in it) is bullying, whatever the medium.
  const harmed = text.categories.has('defamation') || text.categories.has('sns_threat_stalking');
  const nothingElse = ![...text.categories].some(
    ([code, items]) =>
      code !== 'child_bullying' && combine(items.map((item) => item.weight)) >= FOUND_THRESHOLD,
  );
  if (childAffected && (harmed || nothingElse) && text.categories.has('child_bullying')) {
    add('child_bullying', { weight: MEDIUM, because: 'a child, at school or among peers' });
  }
  // A child insulted or exposed online is being cyber-bullied (ネットいじめ), whoever posts it: that is the
  // trouble to name first, with the posts (defamation) beside it when they are clear.
  if (childAffected && text.categories.has('defamation')) {
    add('child_bullying', { weight: STRONG, because: 'a child insulted or exposed online' });
  }
  for (const { signal, code, weight } of SIGNAL_EVIDENCE) {
    const found = text.signals.get(signal);
    if (found && (signal !== 'court_papers' || (courtPapers && !fakeNotice))) {
      add(code, { weight, because: `「${found.phrase}」` });
    }
  }
  if (
    !text.signals.has('credentials_given') &&
    answers.personalInfoGiven !== true &&
    !LINK_OPENED.test(intake.description.normalize('NFKC'))
  ) {
    discountLureOnlyPhishing(evidence);
  }
  // Money already gone, told in no trouble's words (sent for a promise, and now they are unreachable): a fraud to
  // report to the police is a better first guess than "not sure where to go".
  const found = (code: TTroubleCategory) =>
    combine((evidence.get(code) ?? []).map((item) => item.weight)) >= FOUND_THRESHOLD;
  if (
    text.signals.has('money_paid') &&
    !IN_APP_PURCHASE.test(intake.description) &&
    !LOAN_TO_ACQUAINTANCE.test(intake.description.normalize('NFKC')) &&
    !TROUBLE_CATEGORY_CODES.some((code) => code !== 'other' && found(code))
  ) {
    add('online_fraud', { weight: FOUND_THRESHOLD, because: 'money paid, no other trouble named' });
  }
  const plain = intake.description.normalize('NFKC');
  const strength = (code: TTroubleCategory) => combine((evidence.get(code) ?? []).map((item) => item.weight));
  if (
    (text.signals.has('app_installed') || FAKE_SUPPORT_CALL.test(plain)) &&
    strength('malware_unauthorized_access') >= CATEGORY_THRESHOLD &&
    FAKE_SUPPORT.test(plain)
  ) {
    for (const item of evidence.get('online_fraud') ?? []) {
      if (item.because.startsWith('「')) {
        item.weight *= FAKE_SUPPORT_PAYMENT_FACTOR;
      }
    }
  }
  const intruder = INTRUDER.test(plain) && !INTRUDER_DENIED.test(plain);
  const lockedOut =
    FORGOT_OWN_PASSWORD.test(plain) &&
    !intruder &&
    !text.signals.has('credentials_given') &&
    !text.signals.has('app_installed') &&
    !text.signals.has('money_paid');
  const nearMiss = (code: TTroubleCategory) =>
    code === 'online_shopping'
      ? (SHOP_COUNTER_PURCHASE.test(plain) && !ONLINE_ORDER.test(plain)) || OPERATOR_BAN.test(plain)
      : code === 'malware_unauthorized_access'
        ? (OPERATOR_BAN.test(plain) && !intruder) || lockedOut
        : code === 'phishing' &&
          (lockedOut ||
            (OPERATOR_BAN.test(plain) &&
              !intruder &&
              !text.signals.has('credentials_given') &&
              !LINK_OPENED.test(plain)));
  for (const code of ['online_shopping', 'malware_unauthorized_access', 'phishing'] as const) {
    if (nearMiss(code)) {
      for (const item of evidence.get(code) ?? []) {
        if (item.because.startsWith('「')) {
          item.weight *= lockedOut ? LOCKED_OUT_FACTOR : NEAR_MISS_FACTOR;
        }
      }
    }
  }
  // A demand for money inside another trouble (a phishing SMS about an unpaid bill, the "tax" an investment scam
  // wants before a withdrawal, a ransom note) is how that trouble asks for money, not a fictitious bill of its own:
  // beside a stronger phishing, fraud or ransomware story, the bill's words count for less. One-click-ware (a bill
  // screen that stays) and the fake court postcard are bills whatever else is told.
  const billWords = new Set(
    (text.categories.get('fictitious_billing') ?? []).map((item) => `「${item.phrase}」`),
  );
  const bill = strength('fictitious_billing');
  const billInsideAnother =
    !text.signals.has('app_installed') &&
    !text.signals.has('fake_court_notice') &&
    (['phishing', 'online_fraud'] as const).some(
      (code) => strength(code) >= CATEGORY_THRESHOLD && strength(code) > bill,
    ) &&
    // Paid as the bill demanded (prepaid cards bought at a convenience store): the classic fictitious bill.
    !(text.signals.has('money_paid') && PREPAID_PAYMENT.test(plain));
  const ransom = RANSOM.test(plain) && strength('malware_unauthorized_access') >= CATEGORY_THRESHOLD;
  // One-click-ware: something installed that keeps a bill on the screen is a fictitious bill as much as malware.
  if (
    text.signals.has('app_installed') &&
    BILL_STAYS.test(plain) &&
    !ransom &&
    !FAKE_SUPPORT.test(plain) &&
    bill >= CATEGORY_THRESHOLD
  ) {
    add('fictitious_billing', { weight: MEDIUM, because: 'a bill kept on the screen by what was installed' });
  }
  if (billInsideAnother || ransom) {
    for (const item of evidence.get('fictitious_billing') ?? []) {
      if (billWords.has(item.because)) {
        item.weight *= BILL_INSIDE_ANOTHER_FACTOR;
      }
    }
  }
  // Orders someone else made in the person's account (a takeover, details taken by a fake login page) are the
  // damage of that trouble, not a mail-order trouble of their own. An order the person placed on a fake shop stays
  // a shopping trouble beside the phishing.
  if (
    (intruder || UNAUTHORISED_ORDER.test(plain)) &&
    (strength('phishing') >= CATEGORY_THRESHOLD ||
      strength('malware_unauthorized_access') >= CATEGORY_THRESHOLD)
  ) {
    for (const item of evidence.get('online_shopping') ?? []) {
      if (item.because.startsWith('「')) {
        item.weight *= DAMAGE_OF_THEFT_FACTOR;
      }
    }
  }
  if (
    (NO_TROUBLE.test(plain) && !HARM_SIGNALS.some((signal) => text.signals.has(signal))) ||
    (ASKING_AHEAD.test(plain) && text.signals.size === 0)
  ) {
    for (const items of evidence.values()) {
      for (const item of items) {
        if (item.because.startsWith('「')) {
          item.weight *= NO_TROUBLE_FACTOR;
        }
      }
    }
  }
  // Bullying is a children's trouble: an adult shunned or insulted in their own workplace or group, with no child
  // in the story, has a defamation or harassment trouble, not 子どものいじめ. What the person picked stands.
  if (adultWriting && !childAffected) {
    for (const item of evidence.get('child_bullying') ?? []) {
      if (item.because.startsWith('「')) {
        item.weight *= ADULT_BULLYING_FACTOR;
      }
    }
  }
  return evidence;
}

/** Phishing words with no secret given count for less beside malware or a stronger trouble (the lure). */
function discountLureOnlyPhishing(evidence: Map<TTroubleCategory, TEvidence[]>): void {
  const phishing = evidence.get('phishing');
  if (!phishing) {
    return;
  }
  const strength = (code: TTroubleCategory) => combine((evidence.get(code) ?? []).map((item) => item.weight));
  const own = strength('phishing');
  const beside = [...evidence.keys()].filter(
    (code) => code !== 'phishing' && code !== 'other' && strength(code) >= CATEGORY_THRESHOLD,
  );
  const lure = beside.some((code) => code === 'malware_unauthorized_access' || strength(code) > own);
  if (!lure) {
    return;
  }
  for (const item of phishing) {
    // What the person picked or answered stands; only the text's words are the lure.
    if (item.because.startsWith('「')) {
      item.weight *= LURE_ONLY_FACTOR;
    }
  }
}

function rankCategories(evidence: Map<TTroubleCategory, TEvidence[]>): TCategoryMatch[] {
  const matches: TCategoryMatch[] = [...evidence.entries()].map(([code, items]) => ({
    code,
    confidence: combine(items.map((item) => item.weight)),
    because: items.map((item) => item.because),
  }));
  if (!matches.some((match) => match.code !== 'other' && match.confidence >= FOUND_THRESHOLD)) {
    const other = matches.find((match) => match.code === 'other');
    if (other) {
      other.confidence = Math.max(other.confidence, OTHER_WHEN_NOTHING_MATCHED);
    } else {
      matches.push({
        code: 'other',
        confidence: OTHER_WHEN_NOTHING_MATCHED,
        because: ['nothing matched clearly'],
      });
    }
  }
  const order = (code: TTroubleCategory) => TROUBLE_CATEGORY_CODES.indexOf(code);
  return matches.sort((a, b) => b.confidence - a.confidence || order(a.code) - order(b.code));
}

/**
 * Categories from the person's pick, their answers and the description, most confident first. When no real
 * category has enough evidence, `other` is added so the result always names at least one category.
 */
export function inferCategories(
  intake: TIntake,
  text: TTextAnalysis = analyseText(intake.description),
): TCategoryMatch[] {
  return rankCategories(
    collectEvidence(
      intake,
      text,
      realCourtPapers(intake, text),
      lifeStageFlags(deriveLifeStage(intake, text)),
    ),
  );
}

/**
 * The categories the rules act on, most confident first: every real category above the threshold, else the best
 * found one, else `other`. Works on a stored result's categories too (they are sorted the same way).
 */
export function routedCategories(categories: readonly TCategoryMatch[]): TTroubleCategory[] {
  const real = categories.filter((match) => match.code !== 'other');
  // The most confident category routes from the threshold; a second trouble in the same message needs firmer
  // evidence, so one generic word (a bank, a login) does not add a window the person does not need.
  const above = real
    .filter(
      (match, index) => match.confidence >= (index === 0 ? CATEGORY_THRESHOLD : SECOND_CATEGORY_THRESHOLD),
    )
    .map((match) => match.code);
  if (above.length > 0) {
    return above;
  }
  const best = real[0];
  if (best && best.confidence >= FOUND_THRESHOLD) {
    return [best.code];
  }
  return ['other'];
}

function lifeStageFlags(lifeStage: TLifeStage): TLifeStageFlags {
  return {
    childAffected: lifeStage.childAffected,
    childWriting: lifeStage.writer === 'child',
    adultWriting: lifeStage.writer === 'adult',
  };
}

/**
 * Callers who are adults by what they are to the affected person: a parent or guardian, a teacher, a professional
 * (school counselor, social worker). Childline is never theirs, whatever the text reads like.
 */
const ADULT_CALLERS: ReadonlySet<TCallerRelation> = new Set(['guardian', 'teacher', 'professional']);
/** Callers whose age the affected person's age hints at: a friend is most often a peer. */
const PEER_CALLERS: ReadonlySet<TCallerRelation> = new Set(['self', 'friend']);

/**
 * Who is writing and whether a child is affected. The explicit caller block and the text's cues are read together:
 * an adult on either side wins (a parent is never sent to Childline); the age field is the affected person's, so it
 * says who is writing only when they write themselves (or a friend, most often a peer, writes for them).
 */
function deriveLifeStage(intake: TIntake, text: TTextAnalysis): TLifeStage {
  const age = intake.person?.age;
  const relation = callerRelationOf(intake);
  const cues = text.lifeStage;
  const writerCues = cues.filter((cue) => cue.about === 'writer');
  const adultWriter = writerCues.some((cue) => cue.stage === 'adult');
  const childWriterCue = writerCues.some((cue) => cue.stage === 'child');
  const childSpokenOf = cues.some((cue) => cue.about === 'child');

  let writer: TLifeStage['writer'] = 'unknown';
  if (adultWriter || ADULT_CALLERS.has(relation)) {
    // An adult cue wins: a parent writing about their child, or an adult who says so, is never sent to Childline.
    writer = 'adult';
  } else if (childWriterCue) {
    writer = 'child';
  } else if (age !== undefined && PEER_CALLERS.has(relation)) {
    writer = age <= CHILD_MAX_AGE ? 'child' : 'adult';
  } else if (isWrittenWithoutKanji(intake.description)) {
    writer = 'child';
  }
  const childAged = age !== undefined && age <= CHILD_MAX_AGE;
  // A child writing about someone else of unknown age (a friend, a sibling) is still taken as a child's trouble; a
  // child writing about a known adult (their mother scammed) is not.
  const writerIsAffected = relation === 'self' || age === undefined;
  const childAffected = childAged || childSpokenOf || (writer === 'child' && writerIsAffected);
  return { writer, childAffected, cues: [...new Set(cues.map((cue) => cue.phrase))].slice(0, 20) };
}

/**
 * The caller block and the text saying different things about who is writing: "about myself" beside 「娘が」, or a
 * parent, teacher or professional beside a child's own words (「小4です」). Shown like the answers' disagreements.
 */
function callerDisagreements(intake: TIntake, text: TTextAnalysis): TTriageDisagreement[] {
  if (!intake.caller) {
    return [];
  }
  const { relation } = intake.caller;
  const spokenOf = text.lifeStage.find((cue) => cue.about === 'child');
  if (relation === 'self' && spokenOf) {
    return [{ code: 'caller_relation', answer: 'caller.relation', answered: true, phrase: spokenOf.phrase }];
  }
  const childWriting = text.lifeStage.find(
    (cue) => cue.about === 'writer' && cue.stage === 'child' && cue.age !== undefined,
  );
  if (ADULT_CALLERS.has(relation) && childWriting && !spokenOf) {
    return [
      { code: 'caller_relation', answer: 'caller.relation', answered: false, phrase: childWriting.phrase },
    ];
  }
  return [];
}

function deriveSignals(
  intake: TIntake,
  text: TTextAnalysis,
  has: (code: TTroubleCategory) => boolean,
  courtPapers: boolean,
): { signals: TTriageSignals; list: TTriageSignal[]; disagreements: TTriageDisagreement[] } {
  const answers = intake.answers ?? {};
  const list: TTriageSignal[] = [];
  const fromText = (code: TTextSignalCode) => text.signals.get(code);
  const record = (code: TTriageSignalCode, byAnswer: boolean, byText: boolean) => {
    if (byAnswer) {
      list.push({ code, source: 'answer' });
    }
    const found = fromText(code);
    if (byText && found) {
      list.push({
        code,
        source: 'text',
        phrase: found.phrase.slice(0, 300),
        ...(found.amountYen !== undefined ? { amountYen: found.amountYen } : {}),
      });
    }
    return byAnswer || byText;
  };
  const textSays = (code: TTextSignalCode) => fromText(code) !== undefined;

  const appInstalledText =
    textSays('app_installed') && (has('fictitious_billing') || has('malware_unauthorized_access'));
  const signals: TTriageSignals = {
    inDangerNow: record('danger_now', answers.inDangerNow === true, textSays('danger_now')),
    threatToLife: record('threat_to_life', false, textSays('threat_to_life')),
    intimateImages: record('intimate_images', false, textSays('intimate_images')),
    selfHarm: record('self_harm', false, textSays('self_harm')),
    courtPapers: record(
      'court_papers',
      answers.courtPapersReceived === true,
      courtPapers && textSays('court_papers'),
    ),
    fakeCourtNotice: record('fake_court_notice', false, textSays('fake_court_notice')),
    oneClickWare: record(
      'app_installed',
      answers.installedSoftware === true || answers.billingScreenPersists === true,
      appInstalledText,
    ),
    moneyLost: record(
      'money_paid',
      answers.paid === true || (answers.amountPaidYen ?? 0) > 0,
      textSays('money_paid'),
    ),
    credentialsGiven: record(
      'credentials_given',
      answers.personalInfoGiven === true,
      textSays('credentials_given'),
    ),
    contactedThem: record('contacted_them', answers.contactedOtherParty === true, textSays('contacted_them')),
    phoneDemand: record(
      'phone_demand',
      (answers.demandVia?.includes('phone') ?? false) || (intake.identifiers?.phones?.length ?? 0) > 0,
      textSays('phone_demand'),
    ),
    dvContext: record('dv_context', false, textSays('dv_context')),
    wantsPosterIdentified: record('wants_poster_identified', false, textSays('wants_poster_identified')),
    ransomware: record('ransomware', false, textSays('ransomware')),
    english: isEnglish(intake.description),
  };

  const disagreements: TTriageDisagreement[] = [];
  for (const { answer, code } of ANSWER_SIGNALS) {
    const found = fromText(code);
    if (answers[answer] === false && found) {
      disagreements.push({ code, answer, answered: false, phrase: found.phrase.slice(0, 300) });
    }
  }
  const fakeNotice = fromText('fake_court_notice');
  if (answers.courtPapersReceived === true && fakeNotice && fakeNoticeOnly(intake, text)) {
    disagreements.push({
      code: 'fake_court_notice',
      answer: 'courtPapersReceived',
      answered: true,
      phrase: fakeNotice.phrase.slice(0, 300),
    });
  }
  return { signals, list, disagreements };
}

export function buildTriageContext(intake: TIntake): TTriageContext {
  const text = analyseText(intake.description);
  const courtPapers = realCourtPapers(intake, text);
  const lifeStage = deriveLifeStage(intake, text);
  const categories = rankCategories(collectEvidence(intake, text, courtPapers, lifeStageFlags(lifeStage)));
  const established = new Set(routedCategories(categories));
  const has = (code: TTroubleCategory) => established.has(code);
  const { signals, list, disagreements } = deriveSignals(intake, text, has, courtPapers);
  return {
    intake,
    answers: intake.answers ?? {},
    age: intake.person?.age,
    childWriting: lifeStage.writer === 'child',
    childAffected: lifeStage.childAffected,
    lifeStage,
    categories,
    has,
    confidence: (code) => categories.find((match) => match.code === code)?.confidence ?? 0,
    signals,
    signalList: list,
    disagreements: [...disagreements, ...callerDisagreements(intake, text)],
  };
}
