import { MAX_PERSON_REPLY_LENGTH } from '@madoguchi/shared';

/*
 * The status page's own Japanese sentences, in one place so furigana-texts.ts can list them for the furigana
 * generator (a child who consulted reads them with ruby, as on the receipt); the English lines stay in the
 * components.
 */

/** The status page's sentences, by place. */
export const STATUS_TEXTS = {
  title: '相談の状況',
  replySent: '返信を送りました。相談員が読んで、このページでお返事します。',
  receiptNumber: '受付番号',
  status: 'いまの状況',
  lastUpdated: '最後に更新した日時',
  messagesTitle: '相談員とのやりとり',
  noMessages: 'まだお知らせはありません。',
  fromDesk: '相談員',
  fromPerson: 'あなた',
  replyTitle: '返信する',
  replyHint: `${MAX_PERSON_REPLY_LENGTH}文字まで。相談員が読んで、このページでお返事します。`,
  replySend: '返信を送る',
  replySending: '送っています…',
  replyClosed:
    'この相談は終わっているため、ここからは返信できません。まだ困っているときは、あらためて新しく相談してください。',
  another: 'ほかの受付番号で確認する',
  filesTitle: 'あなたが送ったファイル',
  filesIntro:
    'SHA-256 は、届いたときのファイルの「指紋」です。あとで窓口に渡ったファイルが同じものか確かめるときに使えます。',
  furiganaOn: '漢字にふりがなをつける',
  furiganaOff: 'ふりがなをはずす',
  explainNew: '相談を受け付けました。相談員が読むまで、少しお待ちください。',
  explainTriaged: '相談員が内容を読んで、だれが担当するかを決めています。',
  explainInProgress: '相談員が対応しています。',
  explainReferred: 'ほかの相談窓口を案内しました。下のお知らせを読んでください。',
  explainAwaitingClient: 'あなたからの連絡を待っています。下のお知らせを読んでください。',
  explainClosed: 'この相談は終わりました。また困ったときは、いつでも新しく相談してください。',
} as const;
