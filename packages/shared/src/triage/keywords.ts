import type { TTroubleCategory } from '../category';

/*
 * Wording people use when they describe their trouble. All terms are written NFKC-folded and lower-case, because
 * the description is folded the same way before matching (full-width ＳＭＳ and half-width ｻｸﾗ both match).
 *
 * Weights combine as independent evidence (1 - Π(1 - w)), and a category counts for the rules from 0.5 upwards:
 * one STRONG term is enough, one MEDIUM term is not, a MEDIUM plus a WEAK term is.
 */
export const STRONG = 0.6;
export const MEDIUM = 0.4;
export const WEAK = 0.25;

export type TKeywordGroup = { code: TTroubleCategory; weight: number; terms: readonly string[] };

export const CATEGORY_KEYWORDS: readonly TKeywordGroup[] = [
  {
    code: 'fictitious_billing',
    weight: STRONG,
    terms: [
      '架空請求',
      'ワンクリック',
      '登録完了',
      '退会料',
      '登録料',
      '入会金',
      '契約完了',
      '身に覚えのない請求',
    ],
  },
  { code: 'fictitious_billing', weight: STRONG, terms: ['有料動画', '未納料金', '料金未納', '利用料金'] },
  {
    code: 'fictitious_billing',
    weight: MEDIUM,
    terms: [
      '利用料',
      'アダルト',
      '請求画面',
      '延滞金',
      '身に覚えがない',
      '身に覚えのない',
      'ipアドレス',
      '法的措置',
    ],
  },
  { code: 'fictitious_billing', weight: WEAK, terms: ['請求', '督促', '料金'] },

  {
    code: 'court_notice',
    weight: STRONG,
    terms: ['特別送達', '裁判所', '訴状', '支払督促', '少額訴訟', '口頭弁論', '民事訴訟', '答弁書', '仮執行'],
  },
  { code: 'court_notice', weight: MEDIUM, terms: ['呼出状', '訴訟', '訴えられ', '裁判'] },

  {
    code: 'online_fraud',
    weight: STRONG,
    terms: ['副業', '情報商材', '投資詐欺', 'ロマンス詐欺', '必ず儲かる'],
  },
  {
    code: 'online_fraud',
    weight: MEDIUM,
    terms: [
      '投資',
      '当選',
      '稼げる',
      '儲かる',
      '暗号資産',
      '仮想通貨',
      '高額報酬',
      '受け取り手数料',
      '在宅ワーク',
    ],
  },
  { code: 'online_fraud', weight: WEAK, terms: ['詐欺', 'だまされ', '騙され', '振り込ん', '送金', '返金'] },

  {
    code: 'online_shopping',
    weight: STRONG,
    terms: ['通販', 'ネットショップ', '定期購入', '通信販売', '偽ショップ'],
  },
  {
    code: 'online_shopping',
    weight: MEDIUM,
    terms: ['偽サイト', '届かない', '商品', '注文', '代引き', '返品', '偽物', 'フリマ', 'オークション'],
  },
  { code: 'online_shopping', weight: WEAK, terms: ['買った', '購入', '発送', '前払い'] },

  {
    code: 'phishing',
    weight: STRONG,
    terms: ['フィッシング', 'ワンタイムパスワード', '不在通知', '偽のログイン'],
  },
  {
    code: 'phishing',
    weight: MEDIUM,
    terms: [
      'パスワード',
      '暗証番号',
      '認証コード',
      'カード会社',
      '再配達',
      'アカウントが停止',
      '本人確認',
      'カード番号',
    ],
  },
  {
    code: 'phishing',
    weight: WEAK,
    terms: ['ログイン', '銀行', 'クレジットカード', 'sms', 'ショートメール', '偽サイト'],
  },

  {
    code: 'malware_unauthorized_access',
    weight: STRONG,
    terms: [
      'ウイルス',
      'ウィルス',
      'マルウェア',
      '乗っ取',
      '不正アクセス',
      '不正ログイン',
      '遠隔操作',
      'サポート詐欺',
    ],
  },
  {
    code: 'malware_unauthorized_access',
    weight: STRONG,
    terms: ['ランサム', 'ハッキング', '画面が消えない', 'ワンクリックウェア'],
  },
  {
    code: 'malware_unauthorized_access',
    weight: MEDIUM,
    terms: ['インストール', '感染', '警告音', 'プレイヤー', '勝手にログイン', '勝手に投稿'],
  },
  { code: 'malware_unauthorized_access', weight: WEAK, terms: ['アップデート', 'アプリ'] },

  {
    code: 'defamation',
    weight: STRONG,
    terms: ['誹謗中傷', '晒され', '晒さ', 'さらされ', '名誉毀損', '風評', '悪評'],
  },
  {
    code: 'defamation',
    weight: MEDIUM,
    terms: [
      '悪口',
      'デマ',
      'なりすまし',
      '書き込まれ',
      '投稿され',
      '中傷',
      'プライバシー',
      '削除したい',
      '掲示板',
    ],
  },
  { code: 'defamation', weight: WEAK, terms: ['書き込み', '投稿', '口コミ'] },

  {
    code: 'sns_threat_stalking',
    weight: STRONG,
    terms: ['脅迫', '脅され', '脅して', '殺す', '殺される', 'ころす', '殺害予告', '恐喝', 'ストーカー'],
  },
  {
    code: 'sns_threat_stalking',
    weight: STRONG,
    terms: [
      'つきまと',
      '付きまと',
      '待ち伏せ',
      'セクストーション',
      'リベンジポルノ',
      'ばらまく',
      '晒すぞ',
      '拡散するぞ',
    ],
  },
  {
    code: 'sns_threat_stalking',
    weight: MEDIUM,
    terms: [
      '嫌がらせ',
      '住所を特定',
      '家を特定',
      '尾行',
      '監視され',
      '後をつけ',
      'つけ回',
      '裸の写真',
      '脅し',
    ],
  },
  { code: 'sns_threat_stalking', weight: WEAK, terms: ['怖い', 'こわい', '死ね', 'しね'] },

  {
    code: 'child_bullying',
    weight: STRONG,
    terms: ['いじめ', 'イジメ', '仲間外れ', '仲間はずれ', 'グループから外', 'グループを外', 'ハブられ'],
  },
  { code: 'child_bullying', weight: MEDIUM, terms: ['無視され', 'クラスメイト', '同級生'] },
  {
    code: 'child_bullying',
    weight: WEAK,
    terms: ['学校', 'クラス', '先生', '部活', '友達', '友だち', 'line'],
  },

  {
    code: 'dating_site_fraud',
    weight: STRONG,
    terms: ['出会い系', 'サクラ', 'ポイント課金', '占いサイト', 'ポイントを購入', 'ポイントを買'],
  },
  {
    code: 'dating_site_fraud',
    weight: MEDIUM,
    terms: ['ポイント', '会えない', '連絡先交換', '連絡先を交換', '芸能人', 'マッチングアプリ', '出会い'],
  },
  { code: 'dating_site_fraud', weight: WEAK, terms: ['メル友', '課金'] },
];

/** Phrases made of parts that only mean something together, e.g. an SMS that claims to come from a bank. */
export type TKeywordCombo = {
  code: TTroubleCategory;
  weight: number;
  label: string;
  allOf: readonly (readonly string[])[];
};

export const CATEGORY_COMBOS: readonly TKeywordCombo[] = [
  {
    code: 'phishing',
    weight: STRONG,
    label: 'message claiming to be a bank, card company or courier',
    allOf: [
      ['sms', 'ショートメール', 'ショートメッセージ', 'メール'],
      ['銀行', 'カード会社', '宅配', '配達', '運送', '不在', '携帯会社'],
    ],
  },
  {
    code: 'phishing',
    weight: STRONG,
    label: 'message pretending to be someone else',
    allOf: [
      ['sms', 'ショートメール', 'ショートメッセージ', 'メール'],
      ['を名乗る', 'を名乗った', '装っ', '装う', '騙る', 'かたる'],
    ],
  },
  {
    code: 'malware_unauthorized_access',
    weight: STRONG,
    label: 'persistent billing screen',
    allOf: [
      ['請求', '料金'],
      ['消えない', '閉じられない', '何度も表示', '勝手に表示'],
    ],
  },
];

// Wording that means an installed program keeps showing a bill: the source article's "never leave it" case.
export const ONE_CLICK_WARE_TERMS: readonly string[] = [
  '画面が消えない',
  '消えない画面',
  '請求画面が消え',
  '閉じられない',
  '何度も表示',
  'プレイヤー更新',
  'プレイヤーの更新',
  'プレーヤー',
  'インストール',
  'ワンクリックウェア',
];

export const SELF_HARM_TERMS: readonly string[] = [
  '死にたい',
  'しにたい',
  '消えたい',
  'きえたい',
  '自殺',
  '死のう',
  '生きていたくない',
  'いなくなりたい',
  'リストカット',
  'リスカ',
  '命を絶',
];

// Bare 夫 is left out on purpose: it is also part of 大丈夫.
export const DV_TERMS: readonly string[] = [
  'dv',
  'ドメスティック',
  '元夫',
  '配偶者',
  '交際相手',
  '元彼',
  '元カレ',
  '彼氏',
  '元恋人',
];

// Past-tense payment wording; "払ったほうがいい?" (should I pay?) and "払ったら" (if I pay) must not count.
export const MONEY_LOST_PATTERN =
  /(?:払った|払いました|振り込んだ|振り込みました|振込みました|送金した|送金しました|入金した|入金しました)(?!ほう|方|ら)|(?:払っ|送金し|入金し)てしま|振り?込んでしま/;

// Past-tense "typed / told" after something secret; "入力してください" on a fake page must not count.
export const CREDENTIALS_GIVEN_PATTERN =
  /(?:パスワード|暗証番号|カード番号|認証コード|個人情報|住所|電話番号|メールアドレス|名前)を?(?:入力し|入れ|教え|送っ|伝え)(?:た|てしま|ちゃっ|まし)(?!ほう|方|ら)|(?:リンク|url)から(?:ログイン|入力)し(?:た|てしま|ちゃっ|まし)/;

export const PHONE_DEMAND_PATTERN = /電話(?:が|で|を)?(?:かかって|かけてき|来|き[たて]|あっ)|着信/;
