import { prefectureByCode, type TReferralWindow } from '@madoguchi/shared';

/**
 * Who a referral letter is addressed to (the line before 御中): the organisation behind the window, not the
 * window's name in the directory, which may be a routing number (188, #9110) or a national list of local desks.
 * Where the window hands the person to a local office, the office of the person's prefecture is named when the
 * case knows it. That tells the office only that the person is in its area, which it learns anyway on receiving
 * the letter; the prefecture itself is printed only with consent.
 */
type Local = (prefecture: string) => string;

type Rule = {
  /** The organisation when the person's prefecture is not known (or the window is national). */
  name: string;
  /** The local office, from the prefecture's name (東京都, 大阪府, 北海道, 神奈川県). */
  local?: Local;
};

/** The prefectural police: 警視庁 in Tokyo, else 〇〇県警察 / 北海道警察 / 大阪府警察 / 京都府警察. */
function prefecturalPolice(prefecture: string): string {
  return prefecture === '東京都' ? '警視庁' : `${prefecture}警察`;
}

/** The windows of the directory's seed (prisma/seed/data/windows.json and /work/shared/reference/windows.md). */
const RULES: Readonly<Record<string, Rule>> = {
  // 188 is the Consumer Affairs Agency's routing number: the call goes to the nearest consumer centre.
  'consumer-188': { name: '最寄りの消費生活センター', local: (p) => `${p}内の消費生活センター` },
  kokusen: { name: '独立行政法人国民生活センター' },
  'tokyo-kurashi': { name: '東京都消費生活総合センター' },
  'police-cyber': {
    name: '都道府県警察 サイバー犯罪相談窓口',
    local: (p) => `${prefecturalPolice(p)} サイバー犯罪相談窓口`,
  },
  'police-phishing': {
    name: '都道府県警察 フィッシング110番',
    local: (p) => `${prefecturalPolice(p)} フィッシング110番`,
  },
  'police-9110': {
    name: '都道府県警察 警察相談窓口(#9110)',
    local: (p) => `${prefecturalPolice(p)} 警察相談窓口(#9110)`,
  },
  'police-110': { name: '都道府県警察', local: prefecturalPolice },
  'ipa-anshin': { name: '独立行政法人情報処理推進機構(IPA) 情報セキュリティ安心相談窓口' },
  jadma: { name: '公益社団法人日本通信販売協会 消費者相談室' },
  antiphishing: { name: 'フィッシング対策協議会' },
  childline: { name: '特定非営利活動法人チャイルドライン支援センター' },
  houterasu: { name: '日本司法支援センター(法テラス)' },
  'womens-support': {
    name: '都道府県の女性相談支援センター',
    local: (p) => `${p} 女性相談支援センター`,
  },
  'jinken-110': { name: '法務局 人権擁護部門' },
  'kodomo-jinken': { name: '法務局 人権擁護部門(子どもの人権110番)' },
  ihaho: { name: '違法・有害情報相談センター' },
  'sia-hotline': { name: '一般社団法人セーファーインターネット協会' },
  'hotline-council': { name: 'インターネットホットライン連絡協議会' },
  lawyer: { name: '弁護士会', local: (p) => `${p}の弁護士会` },
  court: { name: '裁判所' },
  'child-sos-24': {
    name: '教育委員会 24時間子供SOSダイヤル',
    local: (p) => `${p}教育委員会 24時間子供SOSダイヤル`,
  },
  yorisoi: { name: '一般社団法人社会的包摂サポートセンター(よりそいホットライン)' },
  inochi: { name: '一般社団法人日本いのちの電話連盟' },
  'kokoro-dial': {
    name: '都道府県の精神保健福祉センター',
    local: (p) => `${p} 精神保健福祉センター`,
  },
};

/**
 * The addressee of a letter to `window` about a person in `prefecture` (a JIS code, or null). A window added by
 * an admin and not known here is addressed by its name, as before.
 */
export function letterAddressee(
  window: Pick<TReferralWindow, 'slug' | 'name'>,
  prefecture: string | null,
): string {
  const rule = RULES[window.slug];
  if (!rule) {
    return window.name.ja;
  }
  const name = prefecture === null ? undefined : prefectureByCode(prefecture)?.ja;
  return rule.local && name ? rule.local(name) : rule.name;
}
