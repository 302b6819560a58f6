import { CATEGORY_THRESHOLD } from './triage-context';
import type { TTriageRule } from './triage.types';

/*
 * Rules about a person's safety, papers that must not be left unanswered, threats, harmful posts and children.
 * Wording note: no rule anywhere tells people to "ignore" (無視) something. The source article's "just ignore
 * it" has two exceptions (one-click-ware, court papers) that a distressed reader easily misses, so the desk's
 * advice says "don't pay, don't contact" instead; a spec enforces this for every rule.
 */
export const SAFETY_RULES: readonly TTriageRule[] = [
  {
    id: 'danger-now-call-110',
    comment:
      'Immediate danger goes to 110 before anything else; #9110 is only for when there is no danger now.',
    when: (ctx) => ctx.signals.inDangerNow,
    urgencyAtLeast: 'emergency',
    recommend: [
      {
        windowSlug: 'police-110',
        reason: {
          ja: 'いま危険がせまっています。すぐに110番に電話してください。',
          en: 'You are in danger right now. Call 110 immediately.',
        },
      },
    ],
    alerts: [
      {
        code: 'call-110-now',
        message: {
          ja: 'いま危ないときは、すぐに110番に電話してください。安全な場所に移れるなら、先に移ってください。',
          en: 'If you are in danger now, call 110 straight away. If you can get somewhere safe, do that first.',
        },
      },
    ],
  },
  {
    // Added beyond the source article: a child who writes 死にたい / 消えたい must reach a person tonight.
    id: 'self-harm-child',
    comment:
      'A child writing about wanting to die or disappear is an emergency: a child line that is open now (24-hour Child SOS at night), 110/119 if in danger.',
    when: (ctx) => ctx.childWriting && ctx.signals.selfHarm,
    urgencyAtLeast: 'emergency',
    preferOpenNow: true,
    recommend: [
      {
        windowSlug: 'childline',
        reason: {
          ja: 'つらい気持ちを、そのまま話してだいじょうぶです。チャイルドラインは名前を言わなくてよく、ひみつは守られます。',
          en: 'You can say exactly how you feel. Childline does not need your name and keeps what you say secret.',
        },
      },
      {
        windowSlug: 'child-sos-24',
        reason: {
          ja: '夜でも休みの日でも、24時間いつでも電話で話を聞いてくれます(無料)。',
          en: 'Answers the phone 24 hours a day, nights and holidays included (free).',
        },
      },
    ],
    alerts: [
      {
        code: 'self-harm-child',
        message: {
          ja: '話してくれてありがとう。あなたはひとりではありません。いますぐ自分を傷つけてしまいそうなときは、110番か119番に電話するか、近くの大人にすぐ伝えてください。24時間子供SOSダイヤル(0120-0-78310)は夜中でもつながります。',
          en: 'Thank you for telling us. You are not alone. If you might hurt yourself now, call 110 or 119 or tell an adult nearby straight away. The 24-hour Child SOS Dial (0120-0-78310) answers even in the middle of the night.',
        },
      },
    ],
  },
  {
    // Added beyond the source article for the same reason as self-harm-child.
    id: 'self-harm',
    comment:
      'Anyone else writing about wanting to die is an emergency: a crisis line open now (Yorisoi is 24 h), 119/110 if in danger now.',
    when: (ctx) => !ctx.childWriting && ctx.signals.selfHarm,
    urgencyAtLeast: 'emergency',
    preferOpenNow: true,
    recommend: [
      {
        windowSlug: 'yorisoi',
        reason: {
          ja: '24時間、無料で話を聞いてくれます。死にたいほどつらい気持ちの専門の回線や、外国語の回線もあります。',
          en: 'Listens 24 hours a day, free, with a line for thoughts of suicide and lines in other languages.',
        },
      },
      {
        windowSlug: 'inochi',
        reason: {
          ja: '死にたいほどつらいときに、名前を言わずに話せる電話です。',
          en: 'A phone line where you can talk, without giving your name, when you feel like dying.',
        },
      },
    ],
    alerts: [
      {
        code: 'self-harm',
        message: {
          ja: 'つらい気持ちを書いてくださってありがとうございます。いますぐ自分を傷つけてしまいそうなときは、119番(救急)か110番に電話してください。よりそいホットライン(0120-279-338)は24時間つながります。',
          en: 'Thank you for telling us how you feel. If you might hurt yourself now, call 119 (ambulance) or 110. The Yorisoi Hotline (0120-279-338) answers 24 hours a day.',
        },
      },
    ],
  },
  {
    // Nothing says who is writing (no age, no adult or child cue): a young person may be writing about
    // themself or a friend, so the 24-hour line that takes children and their guardians is offered too.
    id: 'self-harm-writer-unknown',
    comment:
      'Self-harm words from a writer of unknown age: the 24-hour Child SOS Dial beside the adult crisis lines, in case a child is writing.',
    when: (ctx) => ctx.signals.selfHarm && ctx.lifeStage.writer === 'unknown' && ctx.age === undefined,
    urgencyAtLeast: 'emergency',
    recommend: [
      {
        windowSlug: 'child-sos-24',
        reason: {
          ja: '18歳以下の人や、その家族・友だちの相談も、24時間いつでも電話で聞いてくれます(無料)。',
          en: 'Answers young people up to 18, and their family or friends, by phone 24 hours a day (free).',
        },
      },
    ],
  },
  {
    id: 'threat-to-life',
    comment:
      'A threat to kill, hurt or burn is a police matter even when nobody is at the door yet; 110 at once if they come.',
    when: (ctx) => ctx.signals.threatToLife && !ctx.signals.inDangerNow,
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'police-9110',
        reason: {
          ja: '命や体をおびやかす脅しは、警察が対応できる犯罪です。すぐに危険がなければ #9110 に相談してください。',
          en: 'Threats to your life or body are crimes the police act on. If there is no immediate danger, call #9110.',
        },
      },
      {
        windowSlug: 'police-cyber',
        reason: {
          ja: 'ネットやSNSで脅されたときは、サイバー犯罪の窓口でも相談できます。',
          en: 'Threats made online can also be reported to the cyber-crime desk.',
        },
      },
    ],
    alerts: [
      {
        code: 'threat-to-life',
        message: {
          ja: '命や体への脅しは、警察が対応できる犯罪です。相手が近くに来た、来ると言っているなど、危ないと感じたらすぐ110番へ。',
          en: 'Threats to your life or body are crimes the police act on. If they come near you or say they are coming, call 110 at once.',
        },
      },
    ],
  },
  {
    id: 'threat-to-child',
    comment:
      'A child who is threatened, or whose intimate images are used against them, is an emergency for the desk.',
    when: (ctx) => ctx.childAffected && (ctx.signals.threatToLife || ctx.signals.intimateImages),
    urgencyAtLeast: 'emergency',
  },
  {
    id: 'intimate-images',
    comment:
      'Intimate images spread or threatened (revenge porn, sextortion): police, do not pay or send more, the images can be removed.',
    when: (ctx) => ctx.signals.intimateImages,
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'police-9110',
        reason: {
          ja: '性的な写真や動画で脅したり、広めたりするのは犯罪です。警察に相談してください。',
          en: 'Threatening with or spreading intimate photos or videos is a crime. Talk to the police.',
        },
      },
      {
        windowSlug: 'police-cyber',
        reason: {
          ja: 'ネット上で広められた、広めると脅されたときの相談を受けています。',
          en: 'Takes cases of images spread online or threatened to be.',
        },
      },
      {
        windowSlug: 'jinken-110',
        reason: {
          ja: '法務局は、ネットに出た画像の削除をサイトの運営者に求めることがあります。',
          en: 'The Legal Affairs Bureau may ask sites to remove images posted online.',
        },
      },
    ],
    alerts: [
      {
        code: 'intimate-images',
        message: {
          ja: 'あなたは悪くありません。お金を払ったり、写真を追加で送ったりしないでください。払っても止まらないことがほとんどです。やりとりは消さずに残して、すぐ警察に相談してください。',
          en: 'This is not your fault. Do not pay and do not send more images: paying rarely stops it. Keep the messages and talk to the police now.',
        },
      },
    ],
    advice: {
      doNot: [
        {
          ja: '相手の要求に応じてお金や写真を送らないでください。',
          en: 'Do not send money or more images because they demand it.',
        },
      ],
      evidence: [
        {
          ja: '相手のアカウント名・メッセージ・要求の内容を、画面ごと保存してください(写真そのものは広めないで)。',
          en: 'Screenshot their account name, the messages and what they demand (do not share the images themselves).',
        },
      ],
    },
  },
  {
    id: 'court-papers-never-leave',
    comment:
      'Court papers are never to be left unanswered (default judgment, seizure); verify with the court using a number found independently.',
    when: (ctx) => ctx.signals.courtPapers,
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'court',
        reason: {
          ja: '書類が本物かどうかを裁判所に確かめてください。電話番号は書類に書かれたものではなく、裁判所のウェブサイトなどで自分で調べた番号を使ってください。',
          en: 'Ask the court whether the papers are real. Use a number you looked up yourself (e.g. on the courts’ website), not one printed on the papers.',
        },
      },
      {
        windowSlug: 'houterasu',
        reason: {
          ja: '書類が本物だったとき、どんな手続きが必要かを説明し、弁護士などにつないでくれます。',
          en: 'If the papers are real, explains what you need to do and puts you in touch with a lawyer or other help.',
        },
      },
    ],
    alerts: [
      {
        code: 'court-papers',
        message: {
          ja: '裁判所からの書類は、身に覚えがなくても放っておかないでください。放っておくと相手の言い分どおりに決まり、財産を差し押さえられることがあります。まず本物かどうかを確かめましょう。',
          en: 'Do not leave papers from a court unanswered, even if you do not recognise the claim. Otherwise the other side can win by default and your assets can be seized. First check whether they are real.',
        },
      },
    ],
    advice: {
      do: [
        {
          ja: '本物の書類は「特別送達」という郵便で手渡しされ、事件番号が書かれています。裁判所が電話でお金を払うよう求めることはありません。',
          en: 'Real papers are handed over in person by special delivery (特別送達) and carry a case number. A court never asks for payment by phone.',
        },
        {
          ja: '本物だったときは、書かれた期限までに答えを出す必要があります。早めに法テラスや弁護士に相談してください。',
          en: 'If they are real, you must respond by the deadline on them. Talk to Houterasu or a lawyer early.',
        },
      ],
      doNot: [
        {
          ja: '書類に書かれた電話番号や口座には、本物だと確かめるまで連絡したりお金を払ったりしないでください。',
          en: 'Do not call the number or pay into the account on the papers until you have confirmed they are real.',
        },
      ],
      evidence: [
        {
          ja: '封筒と書類は捨てずに、そのまま全部とっておいてください。',
          en: 'Keep the envelope and every page exactly as they arrived.',
        },
      ],
    },
  },
  {
    id: 'fake-court-notice',
    comment:
      'The well-known fake court postcards (法務省管轄支局, 訴訟最終告知…) are fictitious billing: 188; never call the number on them; real papers come by special delivery.',
    when: (ctx) => ctx.signals.fakeCourtNotice,
    urgencyAtLeast: 'normal',
    recommend: [
      {
        windowSlug: 'consumer-188',
        reason: {
          ja: '「法務省管轄支局」「訴訟最終告知」などのハガキや手紙は、よく知られたにせものの通知です。188で相談できます。',
          en: 'Postcards or letters from a "Ministry of Justice branch" with a "final notice of lawsuit" are a well-known fake. Call 188 about it.',
        },
      },
      {
        windowSlug: 'court',
        reason: {
          ja: '本物かどうか心配なときは、自分で調べた番号で裁判所に確かめられます。',
          en: 'If you are unsure, you can check with the court using a number you looked up yourself.',
        },
      },
    ],
    alerts: [
      {
        code: 'fake-court-notice',
        message: {
          ja: 'これはよく知られたにせの「裁判」の通知です。書かれた番号に電話しないでください。本物の裁判所の書類は、ハガキではなく「特別送達」の封筒で手渡しされ、電話でお金を求めることはありません。',
          en: 'This is a well-known fake "court" notice. Do not call the number on it. Real court papers come in a "special delivery" (特別送達) envelope handed over in person, never as a postcard, and a court never asks for money by phone.',
        },
      },
    ],
    advice: {
      doNot: [
        {
          ja: 'ハガキや手紙に書かれた電話番号に連絡したり、お金を払ったりしないでください。',
          en: 'Do not call the number on the postcard or letter, and do not pay.',
        },
      ],
      do: [
        {
          ja: 'あとから「特別送達」と書かれた封筒が届いたときは、放っておかずにすぐ相談してください。',
          en: 'If an envelope marked "special delivery" (特別送達) arrives later, do not leave it: get advice straight away.',
        },
      ],
    },
  },
  {
    id: 'one-click-ware-never-leave',
    comment:
      'Suspected one-click-ware (installed from the site, billing screen keeps returning) is never left alone: remove it with legitimate anti-virus, ask IPA.',
    when: (ctx) => ctx.signals.oneClickWare,
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'ipa-anshin',
        reason: {
          ja: 'サイトから何かを入れてしまったときの取り除き方を、技術の面から教えてくれます。',
          en: 'Gives technical advice on removing something you installed from a site.',
        },
      },
    ],
    alerts: [
      {
        code: 'one-click-ware',
        message: {
          ja: 'サイトから何かをインストールしてしまい、請求画面が何度も出るなら、そのままにしないでください。電話番号やメールアドレスなどを抜き取られるおそれがあります。',
          en: 'If you installed something from the site and the billing screen keeps appearing, do not leave it as it is: it may steal your phone number, e-mail address and other details.',
        },
      },
    ],
    advice: {
      do: [
        {
          ja: '正規の(信頼できる)ウイルス対策ソフトを入れて、入ってしまったソフトを取り除いてください。',
          en: 'Install legitimate anti-virus software and use it to remove what was installed.',
        },
      ],
      doNot: [
        {
          ja: 'サイトにすすめられた「プレイヤーの更新」や「ウイルス対策」を、これ以上インストールしないでください。',
          en: 'Do not install anything more that the site offers, such as a "player update" or "virus cleaner".',
        },
      ],
    },
  },
  {
    id: 'threat-or-stalking',
    comment: 'Threats, extortion and stalking are police matters: #9110 when there is no danger right now.',
    when: (ctx) => ctx.has('sns_threat_stalking'),
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'police-9110',
        reason: {
          ja: '脅し・お金の要求・つきまといは、警察が対応できる問題です。いま危険がなければ、警察相談専用電話 #9110 に相談してください。',
          en: 'Threats, extortion and stalking are matters the police can act on. If you are not in danger right now, call the police consultation line #9110.',
        },
      },
    ],
    advice: {
      do: [
        {
          ja: 'あなたは悪くありません。ひとりでかかえこまないでください。危ないと感じたら、ためらわず110番へ。',
          en: 'This is not your fault. Do not carry it alone. If you feel in danger, call 110 without hesitating.',
        },
      ],
      doNot: [
        {
          ja: '相手に会いに行ったり、言われるままにお金や写真を送ったりしないでください。',
          en: 'Do not go to meet them, and do not send money or photos because they demand it.',
        },
      ],
      evidence: [
        {
          ja: '脅しのメッセージや投稿を、日時と相手のアカウント名がわかるように画面ごと保存してください。',
          en: 'Save the threatening messages or posts as screenshots showing the date and the sender’s account name.',
        },
      ],
    },
  },
  {
    id: 'stalking-dv-womens-support',
    comment:
      'Stalking or DV by a partner or ex-partner can also go to women’s support centres (#8008), which offer shelter.',
    when: (ctx) => ctx.has('sns_threat_stalking') && (ctx.signals.dvContext || ctx.answers.stalked === true),
    recommend: [
      {
        windowSlug: 'womens-support',
        reason: {
          ja: '女性の方で、ストーカーや、交際相手・配偶者からの暴力(DV)に悩んでいるときは、女性相談支援センターにも相談できます。避難できる場所もあります。',
          en: 'Women troubled by stalking or by violence from a partner or spouse (DV) can also go to a women’s support centre, which can offer shelter.',
        },
      },
    ],
  },
  {
    id: 'defamation',
    comment:
      'Defamation without threats: human-rights bureau and removal-request services, since police usually cannot act on it.',
    when: (ctx) => ctx.has('defamation') && !ctx.has('sns_threat_stalking'),
    recommend: [
      {
        windowSlug: 'jinken-110',
        reason: {
          ja: '悪口や中傷の書き込みだけでは、警察はふつう動けません。法務局の人権相談では、書き込みの削除をプロバイダなどに求めてくれることもあります。',
          en: 'The police usually cannot act on insulting or defamatory posts alone. The Legal Affairs Bureau’s human-rights counselling may ask the provider to delete them.',
        },
      },
      {
        windowSlug: 'ihaho',
        reason: {
          ja: '書き込みを消してもらうための方法を教えてくれます。',
          en: 'Advises you on how to get posts deleted.',
        },
      },
      {
        windowSlug: 'sia-hotline',
        reason: {
          ja: 'サイトの運営者に、そのサイトのルールにそって対応(削除など)するようお願いしてくれます。',
          en: 'Asks the site to act (e.g. delete the post) under its own terms of use.',
        },
      },
    ],
    advice: {
      doNot: [
        {
          ja: '書き込んだ相手に言い返したり、やり返したりしないでください。',
          en: 'Do not argue back or retaliate against the person who posted.',
        },
      ],
      evidence: [
        {
          ja: '書き込みのURLと画面を、日時がわかるように保存してください(消される前に)。',
          en: 'Save the post’s URL and a screenshot showing the date, before it disappears.',
        },
      ],
    },
  },
  {
    id: 'defamation-identify-poster',
    comment:
      'Wanting the anonymous poster identified (発信者情報開示) or compensation is a legal procedure: Houterasu explains it and finds a lawyer.',
    when: (ctx) => ctx.has('defamation') && ctx.signals.wantsPosterIdentified,
    recommend: [
      {
        windowSlug: 'houterasu',
        reason: {
          ja: '書いた人を特定する手続き(発信者情報開示)や損害賠償について、制度を説明し弁護士などにつないでくれます。',
          en: 'Explains how to have the poster identified (a disclosure procedure) or claim damages, and puts you in touch with a lawyer.',
        },
      },
      {
        windowSlug: 'lawyer',
        reason: {
          ja: '特定の手続きは裁判所を通すことが多く、ネットの書き込みにくわしい弁護士に頼めます。',
          en: 'Identifying a poster usually goes through the courts; a lawyer who handles online posts can do it for you.',
        },
      },
    ],
  },
  {
    id: 'defamation-with-threats',
    comment: 'Defamation mixed with threats: police handle the threat, removal services handle the posts.',
    // Defamation beside a threat need not be the main trouble to deserve removal help.
    when: (ctx) => ctx.confidence('defamation') >= CATEGORY_THRESHOLD && ctx.has('sns_threat_stalking'),
    recommend: [
      {
        windowSlug: 'ihaho',
        reason: {
          ja: '脅しは警察に相談し、書き込みを消す方法はこちらで相談できます。',
          en: 'Take the threats to the police; this centre advises on getting the posts deleted.',
        },
      },
      {
        windowSlug: 'sia-hotline',
        reason: {
          ja: 'サイトの運営者に、書き込みへの対応(削除など)をお願いしてくれます。',
          en: 'Asks the site to act on the posts (e.g. delete them).',
        },
      },
    ],
  },
  {
    id: 'child-childline',
    comment:
      'Children up to 18 who write themselves can use Childline (free, anonymous, four promises); when it is closed, the 24-hour Child SOS Dial.',
    when: (ctx) => ctx.childWriting,
    preferOpenNow: true,
    recommend: [
      {
        windowSlug: 'childline',
        reason: {
          ja: '18歳までの人のための無料の相談です。4つの約束があります: ひみつは守る/名前は言わなくていい/どんなことも一緒に考える/切りたくなったら切っていい。電話(0120-99-7777)は夕方4時から夜9時まで。チャットもあります。',
          en: 'Free support for anyone up to 18, with four promises: secrets are kept, no name needed, we think it through together, you can hang up any time. Phone 0120-99-7777, 4 pm to 9 pm; chat is available too.',
        },
      },
    ],
    whenClosed: [
      {
        windowSlug: 'child-sos-24',
        reason: {
          ja: 'チャイルドラインがお休みの時間でも、24時間子供SOSダイヤルは夜中もつながります(無料)。',
          en: 'While Childline is closed, the 24-hour Child SOS Dial answers, even at night (free).',
        },
      },
    ],
  },
  {
    id: 'child-bullying',
    comment:
      'Online bullying: Childline, removal requests (a guardian or school may ask) and telling a trusted adult.',
    when: (ctx) => ctx.has('child_bullying'),
    recommend: [
      {
        windowSlug: 'sia-hotline',
        reason: {
          ja: '本人のほか、保護者や学校からも、サイトの運営者に書き込みの削除などをお願いできます。',
          en: 'You, a guardian or the school can ask the site to remove bullying posts.',
        },
      },
      {
        windowSlug: 'jinken-110',
        reason: {
          ja: 'いじめも人権の問題として相談できます。',
          en: 'Bullying can be discussed as a human-rights problem.',
        },
      },
    ],
    advice: {
      do: [
        {
          ja: '家の人、先生、スクールカウンセラーなど、信頼できる大人に話してください。あなたは悪くありません。',
          en: 'Tell an adult you trust: family, a teacher or the school counsellor. It is not your fault.',
        },
      ],
      doNot: [
        {
          ja: 'ひとりでがまんし続けないでください。仕返しの書き込みもしないでください。',
          en: 'Do not keep putting up with it alone, and do not post anything back in revenge.',
        },
      ],
      evidence: [
        {
          ja: '悪口のメッセージやグループの画面を、消される前に保存しておいてください。',
          en: 'Screenshot the hurtful messages and the group before they are deleted.',
        },
      ],
    },
  },
];
