/*
 * The receipt's own Japanese sentences, in one place so furigana-texts.ts can list them for the furigana
 * generator (a child reads them with ruby); the English lines stay in the component.
 */

/** The receipt's own sentences, by place. */
export const RECEIPT_TEXTS = {
  title: '相談を受け付けました',
  codesTitle: 'この2つを、かならず書きとめてください',
  receiptNumber: '受付番号',
  accessCode: 'アクセスコード',
  codesKeep:
    '紙に書くか、この画面を撮影(スクリーンショット)して、なくさないようにしてください。アクセスコードは、いまこの画面にしか出ません。',
  codesOnce:
    'このページを閉じたり読み込み直したりすると、もう表示できません。相談の状況をたしかめるときや返信するときに、2つとも使います。',
  windowsTitle: '相談できる窓口',
  windowsIntro: '上から順に、あなたに合うと思われる窓口です。電話番号を押すと、電話がかけられます。',
  allWindows: 'ほかの相談窓口も見る',
  nextTitle: 'このあと',
  nextText:
    '相談員が内容を読みます。お知らせがあるときは、受付番号とアクセスコードを使って、状況確認のページで見られます。',
  statusLink: '状況を確認するページへ',
  alertsTitle: 'まず、読んでください',
  doNotTitle: 'してはいけないこと',
  doTitle: 'してほしいこと',
  evidenceTitle: 'とっておいてほしいもの(証拠)',
  courtPapersLater: 'あとで裁判所から「特別送達」の封筒が届いたら、放っておかずにすぐ相談してください。',
} as const;
