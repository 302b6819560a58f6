import { type TIntakeInput, ZIntake, ZIntakeDraft } from '../intake.schema';
import { loadSeedWindows, tokyo } from '../testing/seed-windows';
import type { TReferralWindow } from '../windows';
import { FALLBACK_RULE_ID, triage } from './triage';
import { inferCategories, routedCategories } from './triage-context';
import { RULE_SET_VERSION } from './triage.rules';
import { type TTriageResult, ZTriageResult } from './triage.types';

const WINDOWS = loadSeedWindows();
const NOW = tokyo('2026-11-04T10:30');

function run(input: TIntakeInput, windows: readonly TReferralWindow[] = WINDOWS, now = NOW): TTriageResult {
  return triage(ZIntake.parse(input), windows, now);
}
const slugs = (result: TTriageResult) => result.recommendations.map((r) => r.windowSlug);

/** Every piece of wording a person sees in a result. */
function visibleText(result: TTriageResult): string {
  const localized = [
    ...result.safetyAlerts.map((a) => a.message),
    ...result.recommendations.map((r) => r.reason),
    ...result.advice.do,
    ...result.advice.doNot,
    ...result.advice.evidence,
  ];
  return localized.map((l) => `${l.ja}\n${l.en}`).join('\n');
}

describe('the two cases that must never be left alone', () => {
  it('suspected one-click-ware: IPA, removal with legitimate anti-virus, and no "ignore it" anywhere', () => {
    const result = run({
      description: 'アダルトサイトで登録完了と出た。プレイヤーの更新をインストールしたら請求画面が消えない',
      answers: { installedSoftware: true, billingScreenPersists: true },
    });
    expect(result.safetyAlerts.map((a) => a.code)).toContain('one-click-ware');
    expect(slugs(result)).toEqual(expect.arrayContaining(['ipa-anshin', 'consumer-188']));
    expect(visibleText(result)).toContain('ウイルス対策ソフト');
    expect(visibleText(result)).not.toMatch(/無視|ignor/i);
  });

  it('court papers: never ignored, verified with an independently found number, court and Houterasu first', () => {
    const result = run({ description: '特別送達で訴状が届いた', answers: { courtPapersReceived: true } });
    expect(result.urgency).toBe('high');
    expect(slugs(result).slice(0, 2)).toEqual(['court', 'houterasu']);
    expect(result.safetyAlerts.map((a) => a.code)).toEqual(['court-papers']);
    expect(visibleText(result)).toContain('書類に書かれたものではなく');
    expect(visibleText(result)).toMatch(/差し押さえ/);
    expect(visibleText(result)).not.toMatch(/無視|ignor/i);
  });

  it('fictitious billing that also reports court papers carries the court warning and never says ignore', () => {
    const result = run({
      description: 'アダルトサイトの架空請求。退会料を払えと言われ、そのあと裁判所から支払督促が届いた',
      category: 'fictitious_billing',
      answers: { courtPapersReceived: true, demandVia: ['letter'] },
    });
    expect(result.categories.map((c) => c.code)).toEqual(
      expect.arrayContaining(['fictitious_billing', 'court_notice']),
    );
    expect(result.safetyAlerts.map((a) => a.code)).toContain('court-papers');
    expect(result.urgency).toBe('high');
    // The court comes before the consumer centre: papers with a deadline outrank the bill.
    expect(slugs(result).indexOf('court')).toBeLessThan(slugs(result).indexOf('consumer-188'));
    expect(visibleText(result)).not.toMatch(/無視|ignor/i);
    expect(result.advice.doNot.map((a) => a.ja)).toContain('お金を払わないでください。');
  });
});

describe('recommendations', () => {
  it('are de-duplicated by window, keeping the reason of the highest-priority rule', () => {
    const result = run({ description: '通販サイトの架空請求にお金を払ってしまった' });
    expect(new Set(slugs(result)).size).toBe(slugs(result).length);
    const consumer = result.recommendations.find((r) => r.windowSlug === 'consumer-188');
    expect(consumer?.ruleId).toBe('fictitious-billing');
    const police = result.recommendations.find((r) => r.windowSlug === 'police-cyber');
    expect(police?.ruleId).toBe('fictitious-billing-paid-or-info-given');
  });

  it('are ordered by the urgency of the rule that produced them', () => {
    const result = run({ description: '架空請求の電話。殺すと脅された', answers: { inDangerNow: true } });
    expect(slugs(result).slice(0, 2)).toEqual(['police-110', 'police-9110']);
  });

  it('never include inactive windows', () => {
    const windows = WINDOWS.map((w) => (w.slug === 'consumer-188' ? { ...w, active: false } : w));
    const result = run({ description: '退会料を請求された' }, windows);
    expect(slugs(result)).not.toContain('consumer-188');
    expect(result.recommendations.length).toBeGreaterThan(0);
  });

  it('never include windows the person is not eligible for', () => {
    expect(slugs(run({ description: 'ネットでいじめられている', person: { age: 30 } }))).not.toContain(
      'childline',
    );
    expect(slugs(run({ description: 'ネットでいじめられている', person: { age: 14 } }))).toContain(
      'childline',
    );
    const osaka = run({ description: '架空請求の電話が来た', person: { prefecture: '27' } });
    expect(slugs(osaka)).not.toContain('tokyo-kurashi');
    const tokyoResident = run({ description: '架空請求の電話が来た', person: { prefecture: '13' } });
    expect(slugs(tokyoResident)).toContain('tokyo-kurashi');
  });

  it('fall back to #9110 / the hotline council, then 110, then any active window', () => {
    const only = (...keep: string[]) => WINDOWS.filter((w) => keep.includes(w.slug));
    const billing = { description: '退会料を請求された' };

    expect(slugs(run(billing, only('police-9110', 'hotline-council', 'police-110')))).toEqual([
      'police-9110',
      'hotline-council',
    ]);
    const viaFallback = run(billing, only('police-9110', 'hotline-council', 'police-110'));
    expect(viaFallback.recommendations.every((r) => r.ruleId === FALLBACK_RULE_ID)).toBe(true);
    expect(slugs(run(billing, only('police-110', 'jadma')))).toEqual(['police-110']);
    expect(slugs(run(billing, only('jadma')))).toEqual(['jadma']);
    expect(run(billing, []).recommendations).toEqual([]);
  });

  it('carry the opening state at the given instant', () => {
    const result = run({ description: '出会い系でポイントを買った', person: { age: 15 } });
    const byslug = Object.fromEntries(result.recommendations.map((r) => [r.windowSlug, r]));
    expect(byslug['consumer-188']).toMatchObject({ openNow: true, nextOpenAt: NOW.toISOString() });
    expect(byslug['childline']).toMatchObject({
      openNow: false,
      nextOpenAt: tokyo('2026-11-04T16:00').toISOString(),
    });
    expect(byslug['lawyer']).toMatchObject({ openNow: null, nextOpenAt: null });
    const holiday = run({ description: '出会い系でポイントを買った' }, WINDOWS, tokyo('2026-12-31T10:00'));
    expect(holiday.recommendations.find((r) => r.windowSlug === 'consumer-188')).toMatchObject({
      openNow: false,
      nextOpenAt: tokyo('2027-01-04T09:00').toISOString(),
    });
  });
});

describe('categories', () => {
  it('gives the person’s pick high confidence and says why', () => {
    const [top] = inferCategories(ZIntake.parse({ description: '相談です', category: 'phishing' }));
    expect(top).toEqual({ code: 'phishing', confidence: 0.9, because: ['picked by the person'] });
  });

  it('infers categories from keywords and answers when nothing is picked', () => {
    const categories = inferCategories(
      ZIntake.parse({ description: '退会料を請求された', answers: { courtPapersReceived: true } }),
    );
    expect(categories.map((c) => c.code)).toEqual(['court_notice', 'fictitious_billing']);
    expect(categories[0]?.because).toEqual(['answer: courtPapersReceived']);
    expect(categories[1]?.because).toContain('「退会料」');
  });

  it('matches full-width, half-width and upper-case text', () => {
    const codes = (description: string) => inferCategories(ZIntake.parse({ description })).map((c) => c.code);
    expect(codes('ｻｸﾗサイトだった')).toContain('dating_site_fraud');
    expect(codes('ＳＭＳで銀行から連絡が来た')).toContain('phishing');
    expect(codes('元夫からのDVとストーカー')).toContain('sns_threat_stalking');
    expect(run({ description: '元夫からのDV。ストーカーされている' }).matchedRuleIds).toContain(
      'stalking-dv-womens-support',
    );
    // "dvd" is not "dv", "online" is not "line".
    expect(run({ description: 'アダルトdvdの通販でストーカー被害' }).matchedRuleIds).not.toContain(
      'stalking-dv-womens-support',
    );
  });

  it('recognises a mail pretending to be a company, and logging in through its link', () => {
    const result = run({ description: 'Amazonを名乗るメールのリンクからログインしてしまった' });
    expect(result.categories[0]?.code).toBe('phishing');
    expect(result.matchedRuleIds).toEqual(expect.arrayContaining(['phishing-report', 'phishing-damage']));
  });

  it('reads bullying words from an adult about their own workplace group as no child’s bullying', () => {
    const routed = (description: string) => routedCategories(inferCategories(ZIntake.parse({ description })));
    expect(routed('会社のグループLINEで無視されて悪口を言われてる。40代です')).toEqual(['defamation']);
    expect(routed('中2の息子がクラスのグループLINEで無視されています')).toContain('child_bullying');
    expect(routed('LINEグループに招待されて、そこで株の話をしている')).toEqual(['online_fraud']);
    // Lay-judge (裁判員) mail from a court makes no claim against the person.
    expect(routed('裁判所から「裁判員候補者名簿への記載のお知らせ」が届きました')).toEqual(['other']);
  });

  it('tells an account taken over from phishing: both only when secrets went into a fake page', () => {
    const codes = (description: string) => run({ description }).categories.map((c) => c.code);
    const routed = (description: string) => routedCategories(inferCategories(ZIntake.parse({ description })));
    // Taken over, nothing typed anywhere: the changed password is not a phishing page.
    expect(
      routed(
        'インスタ乗っ取られた パスワードもメアドも変えられてログインできない フォロワーに変なDM送られてるみたい',
      ),
    ).toEqual(['malware_unauthorized_access']);
    // An app installed from an SMS (no link opened, nothing typed) is malware; the SMS is how it arrived.
    expect(
      routed(
        '宅配業者を名乗るSMSからアプリを入れてしまいました。そのあと私のスマホから知らない人にSMSが勝手に送られています',
      ),
    ).toEqual(['malware_unauthorized_access']);
    // Secrets typed into a fake page, then the account used by someone else: both.
    expect(
      routed(
        '楽天を名乗るメールのリンクからログインしてしまい、その後アカウントを乗っ取られてカードで買い物をされていました',
      ),
    ).toEqual(expect.arrayContaining(['phishing', 'malware_unauthorized_access']));
    expect(
      routed(
        '銀行からのメールのリンクからログインし、ワンタイムパスワードも入力しました。翌日、口座から50万円が知らない名義に振り込まれていました。',
      ),
    ).toEqual(expect.arrayContaining(['phishing', 'malware_unauthorized_access']));
    expect(codes('Amazonからアカウント停止のお知らせってメールが来た 本物?')[0]).toBe('phishing');
  });

  it('reads a bill sent by SMS, with nothing typed and no link opened, as fictitious billing only', () => {
    const routed = routedCategories(
      inferCategories(
        ZIntake.parse({
          description:
            'NTTファイナンスを名乗るショートメールで有料サイトの未払いがあると来たので、書いてあった番号に電話をしました。',
        }),
      ),
    );
    expect(routed).toEqual(['fictitious_billing']);
  });

  it('reads a fake anti-virus whose "buy the paid version" screen keeps coming back as one-click-ware and a bill', () => {
    const result = run({
      description:
        'ウイルスに感染しましたって出たから駆除ソフトをインストールしたら、有料版を購入しろって画面が何度も出るようになった',
    });
    expect(routedCategories(result.categories)).toEqual(
      expect.arrayContaining(['malware_unauthorized_access', 'fictitious_billing']),
    );
    expect(result.safetyAlerts.map((a) => a.code)).toContain('one-click-ware');
    expect(slugs(result)).toEqual(expect.arrayContaining(['ipa-anshin', 'consumer-188']));
  });

  it('reads a tax-office mail leading to a look-alike payment page as phishing', () => {
    const result = run({
      description:
        '国税庁から未納の税金がありますってメールがきて、e-Taxみたいなページでクレカ払いしろって書いてある まだ払ってない',
    });
    expect(routedCategories(result.categories)).toEqual(['phishing']);
  });

  it('reads money gone with no trouble named as a fraud, not "not sure where to go"; in-app purchases stay out', () => {
    const categories = inferCategories(
      ZIntake.parse({ description: 'お金を送ったのに、それから連絡がとれません' }),
    );
    expect(routedCategories(categories)).toEqual(['online_fraud']);
    expect(categories[0]?.because).toContain('money paid, no other trouble named');
    const routed = routedCategories(
      inferCategories(ZIntake.parse({ description: '子どもがゲームに勝手に3万円課金してしまいました' })),
    );
    expect(routed).not.toContain('online_fraud');
  });

  it('reads words about a post beside real court papers as what the person is sued over', () => {
    const routed = (description: string) => routedCategories(inferCategories(ZIntake.parse({ description })));
    expect(
      routed(
        'I got a special delivery envelope from the district court. The complaint says I am liable for posts on a forum.',
      ),
    ).toEqual(['court_notice']);
    expect(routed('A post on X says I am a thief and a liar')).toEqual(['defamation']);
  });

  it('reads an app the person installed as malware even when the lure is named too', () => {
    const routed = routedCategories(
      inferCategories(
        ZIntake.parse({
          description: 'SMSのリンクからアプリを入れてしまった',
        }),
      ),
    );
    expect(routed).toEqual(expect.arrayContaining(['phishing', 'malware_unauthorized_access']));
  });

  it('falls back to other when nothing matches clearly', () => {
    const categories = inferCategories(ZIntake.parse({ description: 'ちょっと聞きたいことがあります' }));
    expect(categories).toEqual([{ code: 'other', confidence: 0.5, because: ['nothing matched clearly'] }]);
  });
});

describe('triage()', () => {
  it('returns a result that validates against ZTriageResult, deterministically', () => {
    const input = { description: '副業詐欺で10万円払った。LINEで脅されている', person: { age: 17 } };
    const first = run(input);
    expect(ZTriageResult.parse(first)).toEqual(first);
    expect(run(input)).toEqual(first);
    expect(first.ruleSetVersion).toBe(RULE_SET_VERSION);
  });

  it('works on a draft with an empty description', () => {
    const result = triage(ZIntakeDraft.parse({}), WINDOWS, NOW);
    expect(result.matchedRuleIds).toContain('unsure-or-other');
    expect(result.recommendations.length).toBeGreaterThan(0);
  });
});

describe('near misses and one-trouble stories', () => {
  const routed = (description: string) => routedCategories(run({ description }).categories);

  it('keeps paid fake technical support to malware, and still sends the person to the police for the money', () => {
    const result = run({
      description:
        'パソコンに警告が出てサポートに電話したら、遠隔操作のソフトを入れるように言われて入れました。そのあとセキュリティ代として3万9千円分のグーグルプレイカードを買わされました',
    });
    expect(routedCategories(result.categories)).toEqual(['malware_unauthorized_access']);
    expect(slugs(result)).toEqual(expect.arrayContaining(['ipa-anshin', 'police-cyber']));
  });

  it('does not call a shop-counter purchase or an operator ban an internet trouble', () => {
    expect(routed('お店で買ったスマホの画面がすぐ割れた。保証で直せるか店に聞いたら有償と言われた')).toEqual([
      'other',
    ]);
    expect(routed('オンラインゲームのアカウントが運営にBANされた。課金した分どうなるの')).toEqual(['other']);
    expect(routed('ネットで買ったスマホの画面がすぐ割れた。返品できないと言われた')).toEqual([
      'online_shopping',
    ]);
    expect(routed('アカウントを乗っ取られて、運営にBANされた')).toContain('malware_unauthorized_access');
  });

  it('does not call a forgotten password a stolen account or a fake login page', () => {
    expect(
      routed('メールのパスワードを忘れてログインできません。乗っ取りとかではなく、自分が忘れただけです。'),
    ).toEqual(['other']);
    expect(
      routed('ネットバンキングの暗証番号を忘れてしまい、ログインできなくなりました。再設定の方法は？'),
    ).toEqual(['other']);
    // An intruder the person does not deny is the trouble, whatever else they forgot.
    expect(
      routed('パスワードを忘れたと思ったら、乗っ取られていて知らない端末からログインされていた'),
    ).toContain('malware_unauthorized_access');
  });

  it('lets the person say it was no trouble after all, unless harm is written too', () => {
    expect(
      routed(
        '架空請求かと思ったけど、明細を見たら自分が買った有料アプリの分でした。上限の設定方法を教えてください',
      ),
    ).toEqual(['other']);
    expect(
      routed('動画のサブスクをアプリから普通に解約しました。確認メールも来ていて、心配なだけです'),
    ).toEqual(['other']);
    // Money-free words of relief beside a stated harm do not hide it.
    expect(
      routed('自分で注文したつもりのサイトが偽物で、カード番号を入力してしまいました。解決はしていません'),
    ).not.toEqual(['other']);
    expect(
      routed('解決したいです。ネットの偽サイトで買った商品が届かず、代金3万円を振り込んでしまいました'),
    ).toContain('online_shopping');
  });

  it('reads orders made in a stolen account as its damage, and an order on a fake shop as shopping', () => {
    const takeover = routed(
      'アカウントを乗っ取られて、知らない住所あてにゲーム機を勝手に注文され、登録していたカードで決済されていました',
    );
    expect(takeover).toContain('malware_unauthorized_access');
    expect(takeover).not.toContain('online_shopping');
    expect(
      routed(
        'ネット通販の偽サイトでバッグを注文して、カード番号とセキュリティコードを入力した。商品は届かない',
      ),
    ).toContain('online_shopping');
  });

  it('reads a demand for money inside another trouble as part of it, not as a fictitious bill', () => {
    const phishing = routed(
      '携帯会社を名乗るSMSに「料金が未払いです」とあり、リンクを開いてカード番号とパスワードを入力してしまった',
    );
    expect(phishing).toContain('phishing');
    expect(phishing).not.toContain('fictitious_billing');
    expect(
      routed(
        '会社のパソコンのファイルが全部開けなくなり、「元に戻したければビットコインで払え」と表示されている',
      ),
    ).toEqual(['malware_unauthorized_access']);
    // Paid as the bill demanded, with prepaid cards: the classic fictitious bill stays.
    expect(
      routed(
        '通販会社を名乗るメールに「会員料金が未払い」とあり、コンビニでギフトカードを3万円分買って番号を伝えた',
      ),
    ).toContain('fictitious_billing');
  });

  it('keeps fake technical support one trouble when the person called the number on the warning', () => {
    const result = run({
      description:
        'パソコンにウイルス感染の警告が出て、表示された番号に電話しました。言われるままコンビニで電子マネーを5万円分買って番号を伝えました',
    });
    expect(routedCategories(result.categories)).toEqual(['malware_unauthorized_access']);
    expect(slugs(result)).toEqual(expect.arrayContaining(['ipa-anshin', 'police-cyber']));
  });

  it('names a second trouble from one phrase that tells it by itself', () => {
    const extortion = routed(
      '店の口コミに嘘の悪評を20件書かれたあと「消してほしければ30万払え」と連絡が来た',
    );
    expect(extortion).toEqual(expect.arrayContaining(['defamation', 'sns_threat_stalking']));
  });

  it('does not call an account closed by its own operator for breaking its terms a stolen one', () => {
    expect(routed('フリマアプリのアカウントが規約違反で利用停止になった。理由を教えてくれない')).toEqual([
      'other',
    ]);
  });

  it('does not call money lent to a friend an online fraud', () => {
    expect(routed('友達に3万円貸したのに半年たっても返してくれない。LINEも既読無視')).toEqual(['other']);
  });

  it('names one-click-ware both a fictitious bill and malware, in a child’s kana too', () => {
    expect(
      routed('どうが みてたら とうろくかんりょう 5まんえん って でて けしても けしても でてくる'),
    ).toEqual(expect.arrayContaining(['fictitious_billing', 'malware_unauthorized_access']));
  });

  it('reads a tracker, impersonation and photos taken while changing as the troubles they are', () => {
    expect(
      routed('車のバンパーの裏に位置がわかるタグみたいなものが貼ってあった。最近つけられている気がする'),
    ).toContain('sns_threat_stalking');
    expect(routed('私の写真を勝手に使った偽アカがあって、知らない人にDMを送っているらしい')).toContain(
      'defamation',
    );
    const result = run({
      description: '息子の着替え中の写真を同級生が撮って、クラスのグループLINEに流したようです',
    });
    expect(result.signals.map((signal) => signal.code)).toContain('intimate_images');
  });

  it('answers questions asked ahead of any trouble as general questions', () => {
    expect(
      routed('What antivirus app do you recommend for an Android phone? I just bought a new phone.'),
    ).toEqual(['other']);
    expect(routed('Is it safe to use my credit card on Japanese shopping websites? Any tips?')).toEqual([
      'other',
    ]);
    // A question after a trouble that happened is not "ahead".
    expect(
      routed('Is it safe to use my card again? A fake shop took my card number and charged me 30,000 yen.'),
    ).not.toEqual(['other']);
  });
});
