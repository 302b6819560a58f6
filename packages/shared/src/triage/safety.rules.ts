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
    // Added beyond the source article: a child who writes 死にたい / 消えたい must get a person to talk to now.
    id: 'self-harm-child',
    comment:
      'A child writing about wanting to die or disappear gets Childline and emergency guidance at once.',
    when: (ctx) => ctx.isChild && ctx.signals.selfHarm,
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'childline',
        reason: {
          ja: 'つらい気持ちを、そのまま話してだいじょうぶです。チャイルドラインは名前を言わなくてよく、ひみつは守られます。',
          en: 'You can say exactly how you feel. Childline does not need your name and keeps what you say secret.',
        },
      },
    ],
    alerts: [
      {
        code: 'self-harm-child',
        message: {
          ja: '話してくれてありがとう。あなたはひとりではありません。いますぐ自分を傷つけてしまいそうなときは、110番か119番に電話するか、近くの大人にすぐ伝えてください。チャイルドライン(0120-99-7777)でも話を聞いてもらえます。',
          en: 'Thank you for telling us. You are not alone. If you might hurt yourself now, call 110 or 119 or tell an adult nearby straight away. Childline (0120-99-7777) will also listen.',
        },
      },
    ],
  },
  {
    // Added beyond the source article for the same reason as self-harm-child; no extra window is invented for it.
    id: 'self-harm',
    comment: 'Anyone else writing about wanting to die gets emergency guidance and a high-priority case.',
    when: (ctx) => !ctx.isChild && ctx.signals.selfHarm,
    urgencyAtLeast: 'high',
    alerts: [
      {
        code: 'self-harm',
        message: {
          ja: 'つらい気持ちを書いてくださってありがとうございます。いますぐ自分を傷つけてしまいそうなときは、119番(救急)か110番に電話してください。18歳までの人はチャイルドライン(0120-99-7777)でも話を聞いてもらえます。',
          en: 'Thank you for telling us how you feel. If you might hurt yourself now, call 119 (ambulance) or 110. Anyone up to 18 can also talk to Childline (0120-99-7777).',
        },
      },
    ],
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
    id: 'defamation-with-threats',
    comment: 'Defamation mixed with threats: police handle the threat, removal services handle the posts.',
    when: (ctx) => ctx.has('defamation') && ctx.has('sns_threat_stalking'),
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
    comment: 'Children up to 18 can use Childline: free, anonymous, phone or chat, with its four promises.',
    when: (ctx) => ctx.isChild,
    recommend: [
      {
        windowSlug: 'childline',
        reason: {
          ja: '18歳までの人のための無料の相談です。4つの約束があります: ひみつは守る/名前は言わなくていい/どんなことも一緒に考える/切りたくなったら切っていい。電話(0120-99-7777)は夕方4時から夜9時まで。チャットもあります。',
          en: 'Free support for anyone up to 18, with four promises: secrets are kept, no name needed, we think it through together, you can hang up any time. Phone 0120-99-7777, 4 pm to 9 pm; chat is available too.',
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
        windowSlug: 'childline',
        reason: {
          ja: 'いじめのつらい気持ちを、名前を言わずに話せます。どうしたらいいか一緒に考えてくれます。',
          en: 'You can talk about the bullying without giving your name, and think together about what to do.',
        },
      },
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
