import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { analyseText, romajiReading } from './analyse';
import { findAmounts, findLifeStageCues } from './cues';
import { expandAlternatives } from './expand';
import { foldText, originalSlice } from './fold';
import readings from './lexicon-readings.json';
import { japaneseLexiconTerms, termsDigest } from './lexicon-terms';
import { CodeUnitTrie } from './trie';
import { TEXT_SIGNAL_CODES, type TTextSignalCode } from './lexicon.types';

const signalsOf = (text: string) => [...analyseText(text).signals.keys()];
const categoriesOf = (text: string) => [...analyseText(text).categories.keys()];

describe('foldText', () => {
  it('folds width, case, katakana, small kana and whitespace, and maps back to the original', () => {
    expect(foldText('ＳＭＳ ﾊﾟｽﾜｰﾄﾞ').text).toBe('smsぱすわあど');
    // The long-vowel mark is the vowel it lengthens, as romaji spells it (kaado, pasuwaado).
    expect(foldText('カード').text).toBe(foldText('かあど').text);
    expect(foldText('ーー').text).toBe('ーー');
    expect(foldText('ウィルス').text).toBe(foldText('ういるす').text);
    expect(foldText('のっとられた').text).toBe(foldText('ノットラレタ').text);
    expect(foldText('とうろく　かんりょう').text).toBe('とうろくかんりよう');
    const input = 'あの、登録 完了って';
    const folded = foldText(input);
    const start = folded.text.indexOf('登録完了');
    expect(originalSlice(input, folded, start, start + 4)).toBe('登録 完了');
  });

  it('drops lone surrogates, direction marks and zero-width characters instead of failing', () => {
    expect(foldText('a\ud800b\u200f\u200bc').text).toBe('abc');
    expect(foldText('😢死にたい').text).toBe('😢死にたい');
  });
});

describe('CodeUnitTrie', () => {
  it('finds every pattern at every place, whatever order the patterns came in', () => {
    const trie = new CodeUnitTrie(
      ['ab', 'b', 'abc', 'a', '', 'bc', 'ab'].map((pattern, data) => ({ pattern, data })),
    );
    expect(trie.size).toBe(5);
    const found = [...trie.search('xabcab')].map(({ start, end, pattern }) => `${start}-${end}:${pattern}`);
    expect(found).toEqual(['1-2:a', '1-3:ab', '1-4:abc', '2-3:b', '2-4:bc', '4-5:a', '4-6:ab', '5-6:b']);
  });
});

describe('lexicon', () => {
  it('writes terms only in the syntax expandAlternatives understands ("(a|)" for optional, never regex)', () => {
    const unsupported = japaneseLexiconTerms().filter((term) => /[?*+[\]\\]|\)\?/.test(term));
    expect(unsupported).toEqual([]);
  });

  it('has readings generated for the current term list (run npm run triage:lexicon after editing lexicon.ts)', () => {
    expect(readings.digest).toBe(termsDigest(japaneseLexiconTerms()));
  });

  it('expands (a|b|) alternatives', () => {
    expect(expandAlternatives('払(った|って)')).toEqual(['払った', '払って']);
    expect(expandAlternatives('(ご|)入会')).toEqual(['ご入会', '入会']);
  });

  it('matches words however they are written: kanji, kana, spaces', () => {
    for (const [text, category] of [
      ['LINEがのっとられた', 'malware_unauthorized_access'],
      ['クラスでなかまはずれにされてる', 'child_bullying'],
      ['とうろく かんりょう って でた', 'fictitious_billing'],
      ['ＳＭＳのリンクをおした', 'phishing'],
      ['ｳｲﾙｽに感染しました', 'malware_unauthorized_access'],
      ['My Instagram account was hacked', 'malware_unauthorized_access'],
      ['I was scammed by an investment group', 'online_fraud'],
    ] as const) {
      expect({ text, found: categoriesOf(text).includes(category) }).toEqual({ text, found: true });
    }
  });

  it('reads everyday descriptions outside the trouble names', () => {
    for (const [text, category] of [
      ['パソコンが急に遅くなって、知らないポップアップが出てくる', 'malware_unauthorized_access'],
      ['スマホに見覚えのないアプリがあって、設定の中に隠れてた', 'malware_unauthorized_access'],
      ['元彼が私の居場所をいつも知ってる', 'sns_threat_stalking'],
      ['げーむで しりあった ひとに あいたいって いわれてる', 'sns_threat_stalking'],
      ['職場の同僚が私のことをインスタで悪く言ってる', 'defamation'],
      ['写真が勝手に使われて偽アカウントが作られている', 'defamation'],
      ['Someone made a fake profile with my photos', 'defamation'],
      ['I got an email saying I owe money for a website I never used', 'fictitious_billing'],
      ["They charge my card every month and I can't cancel", 'online_shopping'],
      ['高収入のバイトに応募したら身分証を送れと言われた', 'online_fraud'],
      ['スマホの画面に「あなたのiPhoneは破損しています」と出た', 'malware_unauthorized_access'],
      ['まとめサイトに勝手に記事を作られた', 'defamation'],
      ['ネットで私の行動が書かれている', 'sns_threat_stalking'],
      ['スマホが急に熱くなって、見たことのないマークのアプリが増えていました', 'malware_unauthorized_access'],
      ['知らないうちにわたくしの名前で変な写真や広告が載っている', 'malware_unauthorized_access'],
      ['あとでよく見たら店のメールじゃなかった。そこからカード番号を入れ直した', 'phishing'],
      ['LINEはやってないからこっちのサイトで話そうって別のサイトに誘われた', 'dating_site_fraud'],
      ['掲示板に「ここに住んでる奴を懲らしめよう」と書き込まれた', 'sns_threat_stalking'],
      ['警察の者だという男からビデオ通話があり、逮捕状の画像を見せられた', 'online_fraud'],
      ['社長の名前でLINEが来て、至急取引先に振り込みをと言われた', 'online_fraud'],
      ['息子が自分の口座とキャッシュカードを送ってしまいました', 'online_fraud'],
      ['配信の景色から最寄り駅とマンションを特定されて、今度凸するわと書かれた', 'sns_threat_stalking'],
      ['AIで作ったとしか思えない、私が万引きしている動画が上がっています', 'defamation'],
      ['学校の裏サイトに私の名前と嘘が書かれてる', 'child_bullying'],
      ['アプリで知り合った人と話すのにメール1通500円。もう20万', 'dating_site_fraud'],
      ['小学4年の息子がゲームのアイテムを購入していた', 'online_shopping'],
      ['A website says I registered and must pay 98000 yen. I only clicked a video.', 'fictitious_billing'],
      ['Somebody logged into my Google account from another country', 'malware_unauthorized_access'],
      ["I'm 12 and someone on Roblox asked for my address", 'sns_threat_stalking'],
      ['Police called me and said my bank account is used for crime', 'online_fraud'],
      ['警察を名乗る人から、あなたの口座が犯罪に使われていると電話があった', 'online_fraud'],
      ['マッチングアプリの人にお金貸してって言われて3回振り込んだ', 'online_fraud'],
      ['アプリで知り合った彼に、手術代が必要って言われて50万送った', 'online_fraud'],
      ['クラスのLINEで私だけ外されてて、悪口のスクショが回ってきた', 'child_bullying'],
      ['メルカリから本人確認が必要ですってメールが来た。本物かわからない', 'phishing'],
      ['Googleマップのお店の評価に嘘のレビューを書かれた', 'defamation'],
      ['退職した会社の人が、私が横領したとネットで言いふらしている', 'defamation'],
      ['動画サイトに私の顔が勝手に使われて、変なナレーションがつけられてる', 'defamation'],
      ['毎日同じ人から100件以上DMが来る。返さないと怒ったメッセージ', 'sns_threat_stalking'],
      ['あだなで ばいきんって よばれてて、ぼくがさわったものを みんな さけてる', 'child_bullying'],
      ['Facebookで知り合った軍医の方に、荷物の送料を立て替えてほしいと言われた', 'online_fraud'],
      [
        '急にスマホが圏外になって、ショップでSIMの再発行がされていると言われた',
        'malware_unauthorized_access',
      ],
    ] as const) {
      expect({ text, found: categoriesOf(text).includes(category) }).toEqual({ text, found: true });
    }
  });

  it('reads troubles told without their textbook words (money put in, a group chat, a site fee, a login)', () => {
    for (const [text, category] of [
      ['お金を増やせるって言われたアプリに5万円入れた', 'online_fraud'],
      ['スマホを見るだけで稼げるって誘われた', 'online_fraud'],
      ['アプリ外で取引しようと言われて直接振り込んだ', 'online_fraud'],
      ['抽選に当たったって連絡がきた', 'online_fraud'],
      ['相手がウソの振込画面を送ってきた', 'online_fraud'],
      ['投資のLINEで知り合った人に勧められた', 'online_fraud'],
      ['送料だけ払えば届くと言われた', 'online_fraud'],
      ['The app says my account is frozen and I must pay a withdrawal fee', 'online_fraud'],
      ['知らないうちに海外からログインされていた', 'malware_unauthorized_access'],
      ['元彼にGPSアプリを入れられていた', 'malware_unauthorized_access'],
      ['Someone logged into my account and changed my password', 'malware_unauthorized_access'],
      ["I can't uninstall the app and there are ads everywhere", 'malware_unauthorized_access'],
      ['コメント欄でボロクソに書かれてる', 'defamation'],
      ['私の写真が勝手に載せられた', 'defamation'],
      ['「今日は駅にいたね」ってDMがくる', 'sns_threat_stalking'],
      ['お前のこと見てるぞって来た', 'sns_threat_stalking'],
      ['しらない ひとに しゃしん おくって って なんかいも いわれる', 'sns_threat_stalking'],
      ['ぐるーぷらいんから はずされた', 'child_bullying'],
      ['みんなに わらわれてる', 'child_bullying'],
      ['陰口を言われてる', 'child_bullying'],
      ['きょうも だれとも しゃべらなかった', 'child_bullying'],
      ['Everyone at school hates me', 'child_bullying'],
      ['サイト利用料が未払いとSMSが来た', 'fictitious_billing'],
      ['動画の視聴料を払えってメール', 'fictitious_billing'],
      ['98000えん はらってください って でてきた', 'fictitious_billing'],
      ['I got a text about an unpaid site usage fee', 'fictitious_billing'],
      ['知らない会社から「ご利用代金の最終のご案内」というメールが来た', 'fictitious_billing'],
      ['An email says I owe 300,000 yen for a dating site I never joined', 'fictitious_billing'],
      ['友達が裏アカで私のことを書いてる', 'defamation'],
      ['My friends all left me and talk about me', 'child_bullying'],
      ['「おめでとうございます」ってメールが来て住所と名前を入れた', 'online_fraud'],
      ['騙されたお金を取り返したい', 'online_fraud'],
      ['ネットで知り合った人とのお金のトラブルで困っています', 'online_fraud'],
      ["I got a letter asking me to pay for something I don't remember buying", 'fictitious_billing'],
      ['Got a fake Netflix email and typed my card', 'phishing'],
      // A secret given, then the account used by someone else: unauthorized access beside the phishing.
      ['リンクからログインしたら、乗っ取られてフォロワーに変なDMが送られてる', 'malware_unauthorized_access'],
      [
        'I entered my Apple ID on a fake page and now someone changed my password',
        'malware_unauthorized_access',
      ],
    ] as const) {
      expect({ text, found: categoriesOf(text).includes(category) }).toEqual({ text, found: true });
    }
    // Near misses: everyday endings and a question about posting one's own photos.
    expect(categoriesOf('よかった、しゃべらなかった')).toEqual([]);
    expect(categoriesOf('SNSに子どもの写真を載せても大丈夫?')).toEqual([]);
  });

  it('reads "will not go away" as one-click-ware beside a screen, not beside a post that reporting did not remove', () => {
    // Evidence combines as 1 - Π(1 - w); a category routes on its own from 0.5.
    const malware = (text: string) =>
      1 -
      (analyseText(text).categories.get('malware_unauthorized_access') ?? []).reduce(
        (rest, item) => rest * (1 - item.weight),
        1,
      );
    expect(malware('通報しても消えません。消してもらうにはどうしたらいいですか')).toBeLessThan(0.5);
    expect(malware('請求の画面が何回消しても消えない')).toBeGreaterThanOrEqual(0.5);
    expect(malware('何回消しても消えない')).toBeGreaterThanOrEqual(0.5);
  });

  it('reads Japanese written in romaji, and leaves English to the English lexicon', () => {
    expect(romajiReading('line nottorareta. jibun wa login dekinai')).toContain('のっとられた');
    expect(categoriesOf('line nottorareta. jibun wa login dekinai')).toContain('malware_unauthorized_access');
    expect(categoriesOf('sagi saito de kaimono shita kamo. nimotsu konai')).toContain('online_shopping');
    expect(romajiReading('How do I change the address on my residence card after moving?')).toBeUndefined();
    expect(romajiReading('sagi')).toBeUndefined();
    // Long input is read word by word: a whole-text conversion overflowed the stack.
    expect(romajiReading('a '.repeat(10_000))).toHaveLength(20_000);
    expect(() => analyseText(`${'ka'.repeat(2_500)} sagi desu ne`)).not.toThrow();
  });

  it('keeps short katakana words to katakana and Latin words to whole words', () => {
    expect(categoriesOf('どこに相談すればいいの')).toEqual([]); // スレ is not in すれば
    expect(categoriesOf('掲示板のスレに書かれた')).toContain('defamation');
    expect(categoriesOf('because')).toEqual([]); // au (a carrier) is not in "because"
  });

  it('generates no half-kana readings that match everyday words', () => {
    const all = Object.values(readings.readings).flat();
    expect(all).not.toContain('と撮'); // 盗撮 split by the dictionary: 友達と撮った
    expect(all).not.toContain('いまからし'); // 今から死: いまからしゅくだい
    expect(all).toContain('なんども出て');
    expect(all).not.toContain('かつた'); // 買った: なかった, よかった (folded, small っ → つ)
    expect(signalsOf('友達と撮った写真をインスタにのせた')).not.toContain('intimate_images');
    expect(signalsOf('いまからしゅくだいする')).not.toContain('self_harm');
    // Readings that begin everyday words children write in kana: 最初, 放課後, 掃除, 惜しい.
    expect(signalsOf('さいしょに ほうかごに おそうじ して おしい ところで プールに とびこみ した')).toEqual(
      [],
    );
    expect(signalsOf('しょうひんが にしゅうかん こない')).toEqual([]);
    expect(categoriesOf('しょうひんが にしゅうかん こない')).toContain('online_shopping');
  });

  it('counts a phrase once when a shorter term of the same meaning sits inside it', () => {
    const evidence = analyseText('身に覚えのない請求').categories.get('fictitious_billing') ?? [];
    expect(evidence.map((e) => e.phrase)).not.toContain('覚えのない');
  });
});

/** One case per signal: phrases that state it (Japanese, kana, English) and near-misses that must not. */
const SIGNAL_CASES: Record<TTextSignalCode, { yes: string[]; no: string[] }> = {
  danger_now: {
    yes: [
      'SNSで何か月もDMしてきてた男が、今マンションの入口にいます。インターホンを何回も押してきます',
      'トイレに隠れてます。あいつが部屋に入ってきた',
      'あのね チャットで あったひとが こうえんに きてて いっしょにおいでって いってる',
      'My daughter is at the station right now with a man she met on Discord',
      '今マンションの下にいるって…今ひとりです',
      '元彼が家の前にいる',
      '元カレがいま私がいるカフェの外に来てる。窓から見える',
      '帰り道、ずっと後をつけられてる',
      'いまから あいに いくね って きた',
      'He is outside my apartment right now',
      'あいつが外にいる たすけて',
      'ずっと同じ男についてこられてる。いまコンビニに逃げ込んだ',
      '「いま家のちかくのコンビニにいる」ってきた',
      'さっきから家のドア叩かれてるって電話してきた',
      '「出てこないなら入る」って',
    ],
    no: [
      '動画に変なナレーションがつけられてる',
      '前に家の前で待ち伏せされたことがある',
      '家の前の道路工事がうるさい',
      '今日もまた電話かかってきてる',
    ],
  },
  threat_to_life: {
    yes: [
      '同じクラスの子たちからLINEで「明日学校で殴る」と来た',
      '店主から「夜道に気をつけろ」とメールが来ました',
      '「どうなっても知らないよ、家族もね」とリプが来ました',
      '殺すぞってDMが来た',
      '家に火つけたろかと書かれた',
      'ころしにいく',
      'He said he will kill me',
      'they will burn your house',
      '先輩に「次来たらしめるからな」って言われた',
      '覚えとけよ',
      'ただで済むと思うなよ',
      "I'll find you wherever you go",
    ],
    no: ['死にたい', 'ゲームでキャラを殺された話'],
  },
  intimate_images: {
    yes: [
      '旅館の部屋に隠しカメラがあったみたいで、その時の動画が有料サイトで売られてます',
      'ホテルで撮った動画がある。会わないならばらまく。',
      'しゃしんをおくったら、おかねはらえって、はらわないとみんなにみせるって',
      'プロフィール写真を加工されて、裸にされた画像が送られてきた',
      '裸の写真をばらまくと言われた',
      'はだかの しゃしん おくっちゃった',
      '下着姿の画像',
      'She has my nudes',
      'sextortion',
      '彼氏に送った写真がクラスの男子に回されてる',
      '彼に送った写真をネットに上げるって言われてる',
      '元彼がえっちな動画を持ってて、別れるならばらまくって',
      '彼氏にだけ見せた写真が、クラスのグループに回ってた',
    ],
    no: ['エッチな動画を見ていたら請求画面が出た', '旅行の写真をアップした', '彼氏に送った写真を消した'],
  },
  self_harm: {
    yes: [
      'もう疲れた全部やめたい',
      '病院でもらった薬を飲まずにためてる',
      'goodbye everyone. the scam took everything',
      'ビルの屋上に来てる。下を見てる',
      '朝が来なければいいのに',
      "I don't want to wake up tomorrow",
      'もう死にたい',
      'しにたい',
      '消えてしまいたい',
      'I want to die',
      "I keep thinking it would be easier if I just didn't exist",
      'このまえ から ずっと ひとりで、 いきてるの つらい',
      '老後のお金を全部なくしました。もう生きていけません',
    ],
    no: ['死ねって言われた', 'ゲームで死んだ'],
  },
  money_paid: {
    yes: [
      'ポイント代をWebMoneyで払ってきた',
      '退職金を暗号資産で送ってしまいました',
      '登録してあったカードで知らない買い物が2件',
      '3万円払ってしまった',
      '手術代が必要って言われて50万送った',
      '振り込みました',
      'はらっちゃった',
      'I paid 50,000 yen',
      'コンビニでギフトカードを買って番号を伝えた',
      '口座から知らない名義に振り込まれていました',
      'リンク先でカード番号を入れたら身に覚えのない請求がきた',
      'アカウントを乗っ取られてポイントを全部使われた',
      '詐欺サイトで買っちゃった',
      'I bought a used iPhone on a flea market app for 65,000 yen',
      'お年玉の5万円をアプリに入れた',
      'メールを続けて80万円になりました',
      'キャリア決済で4万円使われた',
      '振込済なのに届かない',
      '出会い系で30万くらいポイント使った',
      'the scam took everything',
      'I logged in through the link and then money was sent from my account',
      'お金だまし取られて、もうどうしたらいいか',
      '夫が海外の投資サイトに退職金の一部を入れていて、出金できない',
    ],
    no: [
      '払ったほうがいいですか?',
      '払ったら止まりますか',
      "I didn't pay anything",
      '身に覚えのない請求が来た',
      '最初は配当が振り込まれた',
      'お金を入れたほうがいい?',
      '98000えん はらってください って でてきた',
    ],
  },
  credentials_given: {
    yes: [
      '本人確認と言われてマイナンバーカードの表と裏の写真もLINEで送っています',
      'カード番号を入力してしまった',
      'パスワードを教えた',
      'リンクからログインしてしまった',
      'I entered my password on the page',
      'SMSのリンク開いてクレカ入れた',
      'アカウント停止の連絡がきてログインした',
      '認証番号を教えてと言われて教えたら、ログインできなくなった',
      '言われるままに名前と住所を伝えて、電子マネーを買いました',
      'キャンセルはこちらってボタン押してメアド送っちゃった',
      '電話で名前と住所を聞かれて答えました',
      'A text said my bank account was locked, so I logged in through the link',
      'Got a fake Netflix email and typed my card',
    ],
    no: [
      'パスワードを入力してくださいと書いてある',
      "I didn't enter my password",
      '名前と住所を伝えてくださいと言われた',
      'ログインしたら知らない通知がいっぱい',
    ],
  },
  app_installed: {
    yes: [
      'A pop-up said to call Microsoft. I called and gave them remote access',
      'アプリを入れたら画面が消えない',
      'プレイヤーの更新をインストールした',
      '再起動しても出てくる',
      'it keeps popping up even after restart',
      'it comes back every time I restart',
      '言われるままにAnyDeskを入れたら勝手に操作された',
      'へんなアプリ いれちゃった',
      '添付ファイルを開いてしまった',
      'スマホに見覚えのない「デバイス管理」というアプリが入っていて',
      '返信に付いていた圧縮ファイルを開いてしまいました',
      '電話の男性に遠隔ソフトを入れさせられた',
      '「更新してください」と出たので入れました',
      'My son downloaded a "free Robux generator" app',
      'an app called "Update" appeared on my phone and I can\'t remove it',
    ],
    no: [
      'Can someone get remote access to my phone?',
      'インストールしたほうがいい?',
      'カードの番号を入れちゃった',
      'ママの あいふぉんの パスワード いれちゃった',
      '手続きのためにアプリを入れてくださいと言われた',
      'そのアプリはスマホに入っていない',
      "I didn't download anything",
    ],
  },
  court_papers: {
    yes: [
      '特別送達の封筒が来た',
      '支払督促が届いた',
      'I got a summons from the Summary Court',
      'small claims lawsuit',
    ],
    no: ['裁判にはしたくない'],
  },
  fake_court_notice: {
    yes: [
      '裁判所を名乗るメールが来て、訴訟が提起されましたとリンクがあった',
      '法務省管轄支局からハガキ',
      '訴訟最終告知のお知らせ',
      '民事訴訟管理センター',
      'a final notice of lawsuit from the Ministry of Justice',
      'I received a postcard that says I am being sued, with a number to call',
      'ハガキが1枚届いて、民事の裁判がどうとか、最終のお知らせとか、差し押さえとか書いてある',
      '「民事訴訟最終通達書」というハガキが届いた',
      'ハガキで訴訟を起こすと書いてある',
    ],
    no: [
      '特別送達の封筒が来た',
      'The court sent me a special delivery envelope',
      '前にハガキが来たけど、今度は裁判所から訴状が届いた',
    ],
  },
  contacted_them: {
    yes: [
      'ショップにメールしても返事なし',
      '運営者にメールで抗議しましたが無視されています',
      '書いてあった番号に電話してしまった',
      'かけ直した',
      '返信しちゃった',
      'I called the number',
      '慌てて電話しましたら、男性が出ました',
      '問い合わせ先にメールしてしまい',
      'あいてに めっせーじ したら ぶろっく された',
      '言われるままに振り込んだ',
      'それから既読がつかない',
      '相手にブロックされた',
      '電話したら、今日中に払えと言われた',
      'コンビニで買ったカードの番号を教えた',
      'He told me to buy gift cards',
    ],
    no: [
      'ショップに電話したほうがいい?',
      '電話はしていません',
      '電話したほうがいい?',
      'メールアドレスを送ってしまった',
      '電話したらいいですか?',
      'ショップに問い合わせたほうがいい?',
    ],
  },
  phone_demand: {
    yes: ['毎日電話がかかってくる', '非通知で着信がある', 'they keep calling me'],
    no: ['電話番号を変えた'],
  },
  dv_context: {
    yes: ['元彼につきまとわれている', '夫からのDV', 'my ex-boyfriend follows me'],
    no: ['大丈夫です', 'アダルトdvdを買った'],
  },
  ransomware: {
    yes: [
      'ファイルが全部暗号化されてビットコインを払えと書いてある',
      'all our files are encrypted, pay 0.5 BTC within 72 hours',
    ],
    no: ['ビットコインで投資した'],
  },
  wants_poster_identified: {
    yes: ['書いた人を特定したい', '発信者情報開示をしたい', 'I want to identify the poster'],
    no: ['削除だけしてほしい'],
  },
};

describe('phishing, shopping and money told in passing', () => {
  it('reads a message that only looked like a company, a page taken for the real one, and a wallet drainer', () => {
    expect(categoriesOf('メルカリっぽいメールで確認が必要って来た')).toContain('phishing');
    expect(categoriesOf('カード会社から「お支払い情報の確認が必要」と来た')).toContain('phishing');
    expect(categoriesOf('店の名前を使ったヘンなメールが届いた')).toContain('phishing');
    expect(signalsOf('楽天から来たと思ってログインしたら明細に知らない買い物')).toContain(
      'credentials_given',
    );
    expect(signalsOf('主人が暗証番号を打ち込んでおりました')).toContain('credentials_given');
    expect(signalsOf('画面に名前とカードの番号を打ち込みました')).toContain('credentials_given');
    expect(signalsOf('メアドとパス入れたらエラーになった')).toContain('credentials_given');
    expect(signalsOf('SMSで届いた番号を読み上げてしまった')).toContain('credentials_given');
    expect(signalsOf('メールのリンクからカード情報を入れ直したら不正利用された')).toContain(
      'credentials_given',
    );
    expect(signalsOf('そのカードがそのあと海外で使われてる')).toContain('credentials_given');
    const drainer = 'エアドロップのDMからウォレットをつないで承認したら、中身が全部抜かれた';
    expect(categoriesOf(drainer)).toContain('phishing');
    expect(signalsOf(drainer)).toEqual(expect.arrayContaining(['credentials_given', 'money_paid']));
  });

  it('reads money told as paid, and not a bare purchase, a phone lost or money only denied or announced', () => {
    // "Bought" alone does not say the money went (cash on delivery, an invoice still unpaid): corpus/README.md.
    expect(signalsOf('ネットで買ったスニーカーが偽物だった')).not.toContain('money_paid');
    expect(signalsOf('代金は前払いしたのに音信不通')).toContain('money_paid');
    expect(signalsOf('退職金のほとんどを入れてしまった')).toContain('money_paid');
    expect(signalsOf('合計で180万円を送りました')).toContain('money_paid');
    expect(signalsOf('サロンに月3万払ってたけど勝てない')).toContain('money_paid');
    expect(signalsOf('スマホを電車の中でなくしました')).not.toContain('money_paid');
    expect(signalsOf('お金をとられたとかはないです')).not.toContain('money_paid');
    expect(signalsOf('電気料金が返金されますってメールがきた')).not.toContain('money_paid');
    expect(signalsOf('20万円を振り込むよう言われています')).not.toContain('money_paid');
  });

  it('reads in-game purchases, wrong sizes and paid "ways to win", and a cancellation that worked as nothing', () => {
    expect(categoriesOf('息子がゲームに5万円も課金していました')).toContain('online_shopping');
    expect(categoriesOf('サイズ違いの服が届いた')).toContain('online_shopping');
    expect(categoriesOf('オンラインカジノの必勝法を買った')).toContain('online_fraud');
    expect(categoriesOf('登録料と研修費を払ったのに仕事は一件も紹介されない')).toContain('online_fraud');
    const shoppingWeight = (text: string) =>
      Math.max(0, ...(analyseText(text).categories.get('online_shopping') ?? []).map((item) => item.weight));
    expect(shoppingWeight('ちゃんと解約できているか心配')).toBeLessThan(0.6);
    expect(shoppingWeight('解約できないまま3か月')).toBeGreaterThanOrEqual(0.6);
  });

  it('reads a station platform as a place of danger, not a care home', () => {
    expect(signalsOf('老人ホームの件で200万円を送ってしまいました')).not.toContain('danger_now');
    expect(signalsOf('いま駅のホームにいる、あいつがついてきた')).toContain('danger_now');
  });
});

describe('trouble words the person denies', () => {
  it('drops a trouble word denied right after it, and keeps it in a question', () => {
    expect(categoriesOf('乗っ取りとかではなく、自分が忘れただけです')).not.toContain(
      'malware_unauthorized_access',
    );
    expect(categoriesOf('架空請求ではなさそうです')).not.toContain('fictitious_billing');
    expect(categoriesOf('架空請求かと思ったけど、自分の契約でした')).not.toContain('fictitious_billing');
    expect(categoriesOf('これって架空請求じゃないですか?')).toContain('fictitious_billing');
    expect(categoriesOf('架空請求ではないでしょうか')).toContain('fictitious_billing');
    expect(categoriesOf('架空請求だと思って不安です')).toContain('fictitious_billing');
  });

  it('reads slang beating threats as threats', () => {
    expect(signalsOf('明日体育館裏来なかったらしばくってDMきた')).toContain('threat_to_life');
  });

  it('reads 払え as a demand, and 払えば / 払えない as the person weighing it', () => {
    expect(categoriesOf('「今日中に払え」と書いてある')).toContain('fictitious_billing');
    expect(categoriesOf('払えば済むのかな。でもそんなに払えない')).not.toContain('fictitious_billing');
  });

  it('reads a wish to die as that wish, not as a threat from someone', () => {
    const wish = analyseText('夜になるとネットで楽に死ねる方法を調べてしまいます');
    expect(wish.signals.has('self_harm')).toBe(true);
    expect([...wish.categories.keys()]).not.toContain('sns_threat_stalking');
    expect(categoriesOf('知らないアカウントから毎日「死ね」って送られてくる')).toContain(
      'sns_threat_stalking',
    );
  });
});

describe('money told in everyday words', () => {
  it.each([
    'おこづかいで ネットで かった ぬいぐるみが とどかない',
    'おかあさんのカードでかった',
    '支払いは銀行振込でした。まだ届きません',
    '気づいたら残高が50万減ってた',
    'ビットコインを50万円分その人のアドレスに送った',
    '毎月1,480円が引かれ続けてる',
    'メアド交換に5000ポイントいる言われて払ろたのに',
    '年金のほとんどを使っているようです',
  ])('reads money gone in %s', (text) => {
    expect(signalsOf(text)).toContain('money_paid');
  });

  it('joins card details and the charges told in a later sentence', () => {
    expect(
      signalsOf('リンク先でカード番号を入力しました。翌日、身に覚えのない決済が3件ありました'),
    ).toContain('money_paid');
  });
});

describe('signals read from the text', () => {
  it('has a case for every signal and none for a signal that does not exist', () => {
    expect(Object.keys(SIGNAL_CASES).sort()).toEqual([...TEXT_SIGNAL_CODES].sort());
  });

  for (const code of TEXT_SIGNAL_CODES) {
    it(`signal ${code}`, () => {
      for (const text of SIGNAL_CASES[code].yes) {
        expect({ text, found: signalsOf(text).includes(code) }).toEqual({ text, found: true });
      }
      for (const text of SIGNAL_CASES[code].no) {
        expect({ text, found: signalsOf(text).includes(code) }).toEqual({ text, found: false });
      }
    });
  }

  it('keeps the phrase as the person wrote it, and the amount paid', () => {
    const paid = analyseText('副業で３００万円振り込んでしまった').signals.get('money_paid');
    expect(paid?.amountYen).toBe(3_000_000);
    expect(analyseText('ｳｲﾙｽに感染').categories.get('malware_unauthorized_access')?.[0]?.phrase).toBe('ｳｲﾙｽ');
  });
});

describe('life-stage cues', () => {
  const cues = (text: string) =>
    findLifeStageCues(text).map(({ about, stage, age }) => ({ about, stage, age }));

  it('reads the writer’s age and life stage', () => {
    expect(cues('40代の会社員です')).toEqual(
      expect.arrayContaining([{ about: 'writer', stage: 'adult', age: 40 }]),
    );
    expect(cues('小4です')).toEqual([{ about: 'writer', stage: 'child', age: 10 }]);
    expect(cues('中２です')).toEqual([{ about: 'writer', stage: 'child', age: 14 }]);
    expect(cues("I'm 15")).toEqual([{ about: 'writer', stage: 'child', age: 15 }]);
    expect(cues('年金暮らしです')).toEqual([{ about: 'writer', stage: 'adult', age: undefined }]);
  });

  it('reads school life told in slang and a child writing in romaji', () => {
    expect(cues('部活のやつらにハブられてる')).toContainEqual({
      about: 'writer',
      stage: 'child',
      age: undefined,
    });
    expect(cues('晒されてて学校行けてない')).toContainEqual({
      about: 'writer',
      stage: 'child',
      age: undefined,
    });
    const romaji = analyseText(
      'watashi wa chuugakusei desu. kurasu no hito ga watashi no warukuchi wo kaite imasu',
    );
    expect(romaji.lifeStage).toContainEqual(expect.objectContaining({ about: 'writer', stage: 'child' }));
    expect([...romaji.categories.keys()]).toEqual(expect.arrayContaining(['defamation']));
  });

  it('tells a parent writing about a child from a child writing', () => {
    expect(cues('うちの娘(中2)が')).toEqual(
      expect.arrayContaining([
        { about: 'writer', stage: 'adult', age: undefined },
        { about: 'child', stage: 'child', age: 14 },
      ]),
    );
    const parent = cues('小３の子にスマホを持たせるか迷っています');
    expect(parent).toContainEqual({ about: 'writer', stage: 'adult', age: undefined });
    expect(parent).not.toContainEqual(expect.objectContaining({ about: 'writer', stage: 'child' }));
    expect(cues('クラスに味方いない')).toContainEqual({ about: 'writer', stage: 'child', age: undefined });
    expect(cues('冬休みなのにグループで悪口言われ続けてる')).toContainEqual({
      about: 'writer',
      stage: 'child',
      age: undefined,
    });
    expect(cues('ブログで私の会社を悪く書かれた')).toContainEqual({
      about: 'writer',
      stage: 'adult',
      age: undefined,
    });
    expect(cues('学校の子にLINEで死ねって言われる。もう学校いかない')).toContainEqual({
      about: 'writer',
      stage: 'child',
      age: undefined,
    });
    expect(cues('部活やめたい。先輩に毎日怒られる')).toContainEqual({
      about: 'writer',
      stage: 'child',
      age: undefined,
    });
    expect(cues('占いサイトの先生に相談してたら')).toEqual([]);
    expect(cues('占いサイトで先生に相談してたら')).toEqual([]);
    expect(cues('My 15 year old son is being bullied').map((c) => c.about)).toContain('child');
    expect(cues('My 15 year old son is being bullied')).toContainEqual({
      about: 'writer',
      stage: 'adult',
      age: undefined,
    });
  });

  it('reads the register of the person, not of what they quote', () => {
    // The scam screen's polite ございます is not the writer's; the 高1 at the end is.
    expect(cues('「ご入会ありがとうございます」って出て9万円。高1')).toEqual([
      { about: 'writer', stage: 'child', age: 16 },
    ]);
    expect(cues('ご相談がございます。高1の息子のことです')).toContainEqual({
      about: 'writer',
      stage: 'adult',
      age: undefined,
    });
  });

  it('reads a child naming their mother’s card in hiragana', () => {
    expect(cues('ネットでかった。おかあさんのカードでかった')).toContainEqual({
      about: 'writer',
      stage: 'child',
    });
  });

  it('ignores ages of other people and of the past', () => {
    expect(cues('相手は17歳だと言っていた')).toEqual([]);
    expect(cues('高校生の時に撮られた写真')).toEqual([]);
    expect(cues('小一時間待った')).toEqual([]);
    expect(cues('a card loan I thought was more than 5 years old')).toEqual([]);
  });
});

describe('amounts', () => {
  it('reads yen in the ways people write it', () => {
    expect(findAmounts('3万円と５０００円と¥300,000と三万円と50,000 yen').map((a) => a.yen)).toEqual([
      30_000, 5_000, 300_000, 30_000, 50_000,
    ]);
  });
});

describe('server-only boundary', () => {
  // Client components import '@madoguchi/shared'; the engine (lexicon, matcher) must never be reachable from it.
  it('the main entry point never loads the triage engine or its text analysis', () => {
    const root = resolve(__dirname, '../..');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) {
        return;
      }
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      for (const [, specifier] of source.matchAll(/(?:import|export)[^'"]*from\s+'(\.[^']+)'/g)) {
        if (!specifier) {
          continue;
        }
        const base = resolve(dirname(file), specifier);
        const candidates = [`${base}.ts`, join(base, 'index.ts'), base];
        const target = candidates.find((candidate) => {
          try {
            return readFileSync(candidate) !== undefined;
          } catch {
            return false;
          }
        });
        if (target?.endsWith('.ts')) {
          visit(target);
        }
      }
    };
    visit(join(root, 'index.ts'));
    const reached = [...seen].map((file) => file.slice(root.length + 1));
    expect(reached).toContain('triage/triage.types.ts');
    expect(
      reached.filter(
        (file) =>
          file.startsWith('triage/text/') || /triage\/(triage|triage-context|.*\.rules)\.ts$/.test(file),
      ),
    ).toEqual([]);
    expect(readdirSync(__dirname)).toContain('matcher.ts');
  });
});
