import type { TTriageContext, TTriageRule } from './triage.types';

// Money or secrets already gone: the point where advice alone is not enough and the police should hear of it.
const damaged = (ctx: TTriageContext) => ctx.signals.moneyLost || ctx.signals.credentialsGiven;

/** Shared by the phone rule and contacted-them, so a person who did both reads it once. */
export const NOTE_WHO_THEY_ARE = {
  ja: 'もう話してしまったときは、会社名・担当者の名前・請求金額の根拠を聞いてメモしてください。',
  en: 'If you already spoke to them, ask for and write down the company name, the person’s name and what the amount is supposedly for.',
};

/** Rules about bills, fraud, shopping, phishing, malware and dating sites. */
export const MONEY_RULES: readonly TTriageRule[] = [
  {
    id: 'fictitious-billing',
    comment:
      'Fictitious billing / one-click fraud: one click forms no contract, do not pay, never contact them, the IP address shown does not identify you; consult 188.',
    when: (ctx) => ctx.has('fictitious_billing'),
    recommend: [
      {
        windowSlug: 'consumer-188',
        reason: {
          ja: '架空請求やワンクリック詐欺の相談を受けています。188に電話すると、近くの消費生活センターにつながります。',
          en: 'Handles fictitious bills and one-click fraud. Dialling 188 connects you to your nearest consumer centre.',
        },
      },
    ],
    advice: {
      doNot: [
        { ja: 'お金を払わないでください。', en: 'Do not pay.' },
        {
          ja: '相手に連絡しないでください。電話をかけ直さない、メールやSMSに返事をしない、「登録していない方はこちら」などのボタンやリンクを押さない。',
          en: 'Do not contact them: no calling back, no replying to mails or SMS, no pressing buttons or links such as "if you did not sign up, click here".',
        },
        {
          ja: '名前・電話番号・メールアドレスなどを相手に教えないでください。',
          en: 'Do not give them your name, phone number, e-mail address or other details.',
        },
      ],
      do: [
        {
          ja: '一回クリックしただけでは、契約は成り立ちません。',
          en: 'A single click does not make a contract.',
        },
        {
          ja: '画面に出るIPアドレスなどから、相手があなたの名前や住所を知ることはできません。',
          en: 'The IP address or device details they display do not tell them your name or address.',
        },
      ],
      evidence: [
        {
          ja: '請求の画面・メール・SMS・ハガキを保存してください。',
          en: 'Keep the billing screen (screenshot), mails, SMS and postcards.',
        },
        {
          ja: '相手の電話番号や業者名を、公開されている架空請求業者の一覧(東京くらしWEBなど)で調べてください。載っていなくても安全とは限りません。',
          en: 'Look the phone number or business name up in published fictitious-billing lists (e.g. Tokyo Kurashi Web). Not being listed does not mean it is safe.',
        },
      ],
    },
  },
  {
    id: 'fictitious-billing-paid-or-info-given',
    comment: 'Already paid a fictitious bill or gave personal data: police or the national consumer centre.',
    when: (ctx) => ctx.has('fictitious_billing') && damaged(ctx),
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'police-cyber',
        reason: {
          ja: 'お金を払ってしまった、または個人情報を教えてしまったときは、警察に相談してください。',
          en: 'If you have already paid or given your personal details, talk to the police.',
        },
      },
      {
        windowSlug: 'kokusen',
        reason: {
          ja: '払ってしまったあとや、個人情報を知られたあとの相談も受けています。',
          en: 'Also advises after money was paid or personal details were given.',
        },
      },
    ],
    advice: {
      doNot: [
        {
          ja: '「お金を取り戻せる」「返金の手続きをする」という連絡には応じないでください。二度目の被害をねらう手口です。',
          en: 'Do not respond to offers to "get your money back": that is a common trick to cheat you a second time.',
        },
      ],
    },
  },
  {
    id: 'fictitious-billing-phone',
    comment:
      'Phone demands: never call back; if you talked, note company and person names and the basis of the amount, record calls, check published lists.',
    when: (ctx) => ctx.has('fictitious_billing') && ctx.signals.phoneDemand,
    recommend: [
      {
        windowSlug: 'tokyo-kurashi',
        reason: {
          ja: '架空請求をしてくる業者の一覧を公開していて、かかってきた電話番号や業者名を調べられます(電話相談は東京都に住む・働く・通う人向け)。',
          en: 'Publishes a list of fictitious-billing businesses where you can check the number or name (phone consultations are for people who live, work or study in Tokyo).',
        },
      },
    ],
    advice: {
      doNot: [{ ja: 'かかってきた番号に電話をかけ直さないでください。', en: 'Do not call the number back.' }],
      do: [
        NOTE_WHO_THEY_ARE,
        {
          ja: 'できれば通話を録音してください。あとで証拠になります。',
          en: 'Record the calls if you can; recordings are evidence later.',
        },
      ],
      evidence: [
        {
          ja: '着信履歴(番号と日時)、通話の録音、相手が名乗った会社名と担当者名、言われた金額とその理由。',
          en: 'Call log (numbers and times), call recordings, the company and person names they gave, the amount and the reason they gave for it.',
        },
      ],
    },
  },
  {
    id: 'money-paid-act-fast',
    comment:
      'After paying a fraudster, the bank or card company should hear at once: receiving accounts can be frozen.',
    when: (ctx) => ctx.signals.moneyLost,
    urgencyAtLeast: 'high',
    advice: {
      do: [
        {
          ja: '振り込んだ銀行や、使ったカード会社・決済サービスに、すぐ連絡してください。早いほど、相手の口座を止めてもらえる見込みが高くなります。',
          en: 'Contact the bank you transferred from, or the card or payment company, right away. The sooner, the better the chance the receiving account can be frozen.',
        },
      ],
      evidence: [
        {
          ja: '振込や支払いの記録(日時・金額・振込先)をとっておいてください。',
          en: 'Keep the payment records: date, amount and where the money went.',
        },
      ],
    },
  },
  {
    id: 'online-fraud',
    comment:
      'Online fraud (side jobs, investment, prizes) goes to the police cyber-crime desk, with the consumer centre as second stop.',
    when: (ctx) => ctx.has('online_fraud'),
    recommend: [
      {
        windowSlug: 'police-cyber',
        reason: {
          ja: 'ネット上の詐欺の相談を受けています。被害届を出すときは、警察署などに行く必要があります。',
          en: 'Takes reports of online fraud. To file a formal damage report you need to go to a police station.',
        },
      },
      {
        windowSlug: 'consumer-188',
        reason: {
          ja: '副業・投資・当選などの話でお金を払ったときの相談も受けています。',
          en: 'Also advises when you paid money because of side-job, investment or prize offers.',
        },
      },
    ],
    advice: {
      doNot: [
        {
          ja: '「手数料を払えば返金する」「もっと払えば取り戻せる」という話にお金を払わないでください。',
          en: 'Do not pay "fees" to get a refund or to recover what you lost.',
        },
      ],
      evidence: [
        {
          ja: '相手とのやりとり(メッセージ・メール)、相手のサイトやアカウントのURL。',
          en: 'Your exchanges with them (messages, mails) and the URLs of their site or accounts.',
        },
      ],
    },
  },
  {
    id: 'online-shopping',
    comment: 'Mail-order trouble and fake shops go to the consumer centre and to JADMA.',
    when: (ctx) => ctx.has('online_shopping'),
    recommend: [
      {
        windowSlug: 'consumer-188',
        reason: {
          ja: '通販のトラブルや偽の通販サイトの相談を受けています。',
          en: 'Handles online shopping trouble and fake shops.',
        },
      },
      {
        windowSlug: 'jadma',
        reason: {
          ja: '通信販売のトラブル専門の相談室です。協会の会員の店でなくても相談できます。',
          en: 'A consultation desk just for mail-order trouble, whether or not the shop is a member.',
        },
      },
    ],
    advice: {
      evidence: [
        {
          ja: '注文の画面や確認メール、店の名前とURL、支払いの記録。',
          en: 'Order pages and confirmation mails, the shop’s name and URL, and payment records.',
        },
      ],
    },
  },
  {
    id: 'online-shopping-paid',
    comment:
      'A shop that took the money and vanished is fraud as well as a consumer matter: the police cyber-crime desk too.',
    when: (ctx) => ctx.has('online_shopping') && ctx.signals.moneyLost,
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'police-cyber',
        reason: {
          ja: 'お金を払ったのに商品が届かず連絡もとれないときは、詐欺として警察にも相談できます。',
          en: 'If you paid and nothing came and they cannot be reached, you can also report it to the police as fraud.',
        },
      },
    ],
  },
  {
    id: 'phishing-report',
    comment:
      'Phishing is reported to the anti-phishing council; victims contact their card company (real number) or 188.',
    when: (ctx) => ctx.has('phishing'),
    recommend: [
      {
        windowSlug: 'antiphishing',
        reason: {
          ja: 'フィッシングのメール・SMS・偽サイトを報告できます(相談ではなく報告の窓口です)。',
          en: 'Takes reports of phishing mail, SMS and fake sites (reports only, not consultations).',
        },
      },
      {
        windowSlug: 'consumer-188',
        reason: {
          ja: 'お金やカードの被害について相談できます。',
          en: 'Advises on money or card damage.',
        },
      },
      {
        windowSlug: 'police-phishing',
        reason: {
          ja: '警察にフィッシングの情報を知らせる窓口です(返事がないこともあります)。',
          en: 'Passes phishing information to the police (you may get no reply).',
        },
      },
    ],
    advice: {
      do: [
        {
          ja: 'カード会社や銀行には、カードの裏や通帳に書かれた正しい番号で連絡してください。',
          en: 'Contact your card company or bank using the number on the back of your card or in your bankbook.',
        },
      ],
      doNot: [
        {
          ja: 'メールやSMSのリンクを押したり、書かれた番号に電話したりしないでください。',
          en: 'Do not tap links in the mail or SMS, or call numbers given in it.',
        },
      ],
      evidence: [
        {
          ja: '届いたメールやSMSの画面(送り主と日時が見えるように)と、偽サイトのURL。',
          en: 'Screenshots of the mail or SMS showing the sender and time, and the fake site’s URL.',
        },
      ],
    },
  },
  {
    id: 'phishing-damage',
    comment:
      'Phishing that took money or credentials also goes to the police; stop the card and change passwords.',
    when: (ctx) => ctx.has('phishing') && damaged(ctx),
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'police-cyber',
        reason: {
          ja: 'お金を取られた、パスワードやカード番号を入れてしまったときは、警察にも相談してください。',
          en: 'If money was taken or you entered a password or card number, also talk to the police.',
        },
      },
    ],
    advice: {
      do: [
        {
          ja: 'すぐカード会社に連絡してカードを止め、パスワードを変えて二段階認証を設定してください。',
          en: 'Call the card company now to stop the card, change your passwords and turn on two-step verification.',
        },
      ],
    },
  },
  {
    id: 'malware-unauthorized-access',
    comment:
      'Malware and unauthorized access: technical advice from IPA (it does not investigate or repair).',
    when: (ctx) => ctx.has('malware_unauthorized_access'),
    recommend: [
      {
        windowSlug: 'ipa-anshin',
        reason: {
          ja: 'ウイルスや不正アクセスについて、技術的なアドバイスをくれます(調べたり直したりはしません)。',
          en: 'Gives technical advice on malware and unauthorized access (it does not investigate or repair).',
        },
      },
    ],
    advice: {
      do: [
        {
          ja: '正規のウイルス対策ソフトで検査し、別の安全な端末からパスワードを変えてください。',
          en: 'Scan with legitimate anti-virus software, and change your passwords from another, safe device.',
        },
      ],
      doNot: [
        {
          ja: '画面に出た「サポート窓口」に電話したり、言われるままに遠隔操作のソフトを入れたりしないでください。',
          en: 'Do not call a "support line" shown on screen, and do not install remote-control software because someone tells you to.',
        },
      ],
    },
  },
  {
    id: 'ransomware',
    comment:
      'Files encrypted for a ransom: do not pay, take the machine off the network, report to the police and ask IPA.',
    when: (ctx) => ctx.signals.ransomware,
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'police-cyber',
        reason: {
          ja: 'ファイルを暗号化してお金を求めるのは犯罪です。警察のサイバー犯罪相談窓口に相談してください。',
          en: 'Encrypting files for a ransom is a crime. Report it to the police cyber-crime desk.',
        },
      },
      {
        windowSlug: 'ipa-anshin',
        reason: {
          ja: '感染したパソコンの扱い方や、これからの対策を技術の面から教えてくれます。',
          en: 'Gives technical advice on handling the infected computer and what to do next.',
        },
      },
    ],
    advice: {
      doNot: [
        {
          ja: '身代金を払わないでください。払ってもファイルが戻る保証はなく、情報が公開されることもあります。',
          en: 'Do not pay the ransom: paying does not guarantee your files back, and data may be published anyway.',
        },
      ],
      do: [
        {
          ja: 'パソコンをネットワーク(LANケーブル・Wi-Fi)から外し、電源は切らずにそのままにして相談してください。お客様の個人情報があるときは、個人情報保護委員会への報告が必要になることがあります。',
          en: 'Unplug the computer from the network (cable and Wi-Fi), leave it on as it is, and get advice. If customers’ personal data was on it, you may have to report to the Personal Information Protection Commission.',
        },
      ],
    },
  },
  {
    id: 'malware-damage',
    comment: 'Malware or account takeover that caused money or data loss also goes to the police.',
    when: (ctx) => ctx.has('malware_unauthorized_access') && damaged(ctx),
    urgencyAtLeast: 'high',
    recommend: [
      {
        windowSlug: 'police-cyber',
        reason: {
          ja: '不正アクセスやウイルスでお金や情報を取られたときは、警察に相談してください。',
          en: 'If unauthorized access or malware cost you money or data, talk to the police.',
        },
      },
    ],
  },
  {
    id: 'dating-site-points',
    comment:
      'Dating / fortune-telling sites that sell points but never let you meet or swap contacts: a lawyer, and 188.',
    when: (ctx) => ctx.has('dating_site_fraud'),
    recommend: [
      {
        windowSlug: 'lawyer',
        reason: {
          ja: 'ポイントを買い続けても会えない・連絡先を交換できないなら、だまされているかもしれません。こうした被害にくわしい弁護士に相談できます。',
          en: 'If you keep buying points but never get to meet or swap contacts, you may be being cheated. Lawyers who handle these cases can help.',
        },
      },
      {
        windowSlug: 'consumer-188',
        reason: {
          ja: 'サクラサイトの相談も受けています。',
          en: 'Also handles "sakura" site complaints.',
        },
      },
    ],
    advice: {
      doNot: [{ ja: 'これ以上ポイントを買わないでください。', en: 'Do not buy any more points.' }],
      evidence: [
        {
          ja: 'サイトでのやりとりの画面全部と、ポイントを買った記録(日時・金額・支払い方法)。',
          en: 'Screenshots of all exchanges on the site, and records of point purchases (date, amount, payment method).',
        },
      ],
    },
  },
];
