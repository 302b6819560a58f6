import { type TIntakeInput, ZIntake } from '../intake.schema';
import { loadSeedWindows, tokyo } from '../testing/seed-windows';
import { triage } from './triage';
import { routedCategories } from './triage-context';
import { TRIAGE_RULES } from './triage.rules';
import type { TTriageResult } from './triage.types';

const WINDOWS = loadSeedWindows();
const NOW = tokyo('2026-11-04T10:30'); // a Wednesday morning: weekday windows open, Childline not yet

function run(input: TIntakeInput): TTriageResult {
  return triage(ZIntake.parse(input), WINDOWS, NOW);
}
const slugs = (result: TTriageResult) => result.recommendations.map((r) => r.windowSlug);
const alertCodes = (result: TTriageResult) => result.safetyAlerts.map((a) => a.code);
const recFor = (result: TTriageResult, slug: string) =>
  result.recommendations.find((r) => r.windowSlug === slug);
const allText = (items: readonly { ja: string; en: string }[]) =>
  items.map((i) => `${i.ja} ${i.en}`).join('\n');

/** One case per rule id: the rule fires, does what its comment says, and stays quiet when it should. */
const RULE_CASES: Record<string, () => void> = {
  'danger-now-call-110': () => {
    const result = run({ description: 'SNSで知り合った人が家の前にいる', answers: { inDangerNow: true } });
    expect(result.urgency).toBe('emergency');
    expect(slugs(result)[0]).toBe('police-110');
    expect(alertCodes(result)).toContain('call-110-now');
    expect(slugs(run({ description: '脅迫された', answers: { threatened: true } }))).not.toContain(
      'police-110',
    );
  },
  'self-harm-child': () => {
    const result = run({ description: 'もう消えたい', person: { age: 13 } });
    expect(result.urgency).toBe('emergency');
    expect(alertCodes(result)).toContain('self-harm-child');
    expect(result.safetyAlerts.find((a) => a.code === 'self-harm-child')?.message.ja).toContain(
      '110番か119番',
    );
    // Wednesday 10:30: Childline is closed, so the 24-hour line comes first and Childline follows with its hours.
    expect(slugs(result).slice(0, 2)).toEqual(['child-sos-24', 'childline']);
    // At 17:00 Childline is open and listed first.
    const evening = triage(
      ZIntake.parse({ description: 'もう消えたい', person: { age: 13 } }),
      WINDOWS,
      tokyo('2026-11-04T17:00'),
    );
    expect(slugs(evening)[0]).toBe('childline');
    // A child who gives no age but writes like one (小4) is treated the same.
    const night = triage(
      ZIntake.parse({ description: '小4です。しにたい' }),
      WINDOWS,
      tokyo('2026-12-02T23:30'),
    );
    expect(night.urgency).toBe('emergency');
    expect(slugs(night)[0]).toBe('child-sos-24');
    expect(recFor(night, 'child-sos-24')?.openNow).toBe(true);
  },
  'self-harm': () => {
    for (const person of [{ age: 30 }, {}]) {
      const result = run({ description: '死にたいほどつらい', person });
      expect(result.urgency).toBe('emergency');
      expect(alertCodes(result)).toContain('self-harm');
      expect(result.matchedRuleIds).not.toContain('self-harm-child');
      expect(slugs(result)[0]).toBe('yorisoi');
    }
    expect(slugs(run({ description: '死にたい', person: { age: 30 } }))).not.toContain('childline');
    // At 3 a.m. the line open now (Yorisoi, 24 h) comes first; Inochi no Denwa opens at 10:00.
    const night = triage(ZIntake.parse({ description: 'I want to die' }), WINDOWS, tokyo('2026-12-02T03:00'));
    expect(recFor(night, 'yorisoi')?.openNow).toBe(true);
    expect(recFor(night, 'inochi')?.openNow).toBe(false);
  },
  'self-harm-writer-unknown': () => {
    // No age, no cue: a young person may be writing about themself or a friend.
    const unknown = run({
      description: '友達がストーリーに「生きてる意味ない」って上げてた。どうしたらいい?',
    });
    expect(unknown.urgency).toBe('emergency');
    expect(slugs(unknown)).toEqual(expect.arrayContaining(['yorisoi', 'child-sos-24']));
    expect(slugs(unknown)).not.toContain('childline');
    // An adult by age or by cue gets the adult lines only.
    expect(slugs(run({ description: '死にたい', person: { age: 30 } }))).not.toContain('child-sos-24');
    expect(slugs(run({ description: '40代の会社員です。死にたい' }))).not.toContain('child-sos-24');
  },
  'threat-to-life': () => {
    const result = run({ description: 'DMで「お前の家に火をつけるぞ」と言われた', person: { age: 35 } });
    expect(result.urgency).toBe('high');
    expect(slugs(result)[0]).toBe('police-9110');
    expect(alertCodes(result)).toContain('threat-to-life');
    expect(slugs(result)).not.toContain('police-110');
    expect(run({ description: "He said he will kill me if I don't pay" }).matchedRuleIds).toContain(
      'threat-to-life',
    );
  },
  'threat-to-child': () => {
    expect(run({ description: '中2です。殺すってDMが来た' }).urgency).toBe('emergency');
    expect(run({ description: '裸の写真をばらまくと言われた', person: { age: 15 } }).urgency).toBe(
      'emergency',
    );
    expect(run({ description: '殺すってDMが来た', person: { age: 40 } }).matchedRuleIds).not.toContain(
      'threat-to-child',
    );
  },
  'intimate-images': () => {
    const result = run({ description: '元彼に裸の写真をネットにばらまくと言われています。30代です' });
    expect(result.urgency).toBe('high');
    expect(slugs(result)).toEqual(expect.arrayContaining(['police-9110', 'police-cyber', 'jinken-110']));
    expect(alertCodes(result)).toContain('intimate-images');
    expect(allText(result.advice.doNot)).toContain('お金や写真を送らない');
    const english = run({
      description: 'She recorded me on a video call without clothes and wants 50,000 yen',
    });
    expect(english.matchedRuleIds).toContain('intimate-images');
  },
  'court-papers-never-leave': () => {
    for (const input of [
      { description: '封筒が届いた', answers: { courtPapersReceived: true } },
      { description: '「特別送達」と書かれた封筒が届いた' },
      { description: '支払督促というものが来た' },
    ]) {
      const result = run(input);
      expect(result.urgency).toBe('high');
      expect(slugs(result).slice(0, 2)).toEqual(['court', 'houterasu']);
      expect(alertCodes(result)).toContain('court-papers');
      expect(recFor(result, 'court')?.reason.ja).toContain('自分で調べた番号');
    }
  },
  'fake-court-notice': () => {
    const result = run({
      description:
        '「法務省管轄支局 民事訴訟管理センター」から「訴訟最終告知のお知らせ」というハガキが届いた',
    });
    expect(slugs(result)[0]).toBe('consumer-188');
    expect(slugs(result)).toContain('court');
    expect(alertCodes(result)).toContain('fake-court-notice');
    expect(alertCodes(result)).not.toContain('court-papers');
    expect(allText(result.advice.do)).toContain('特別送達');
    // The same words beside real papers (特別送達, 支払督促) keep the never-leave-it guidance too.
    const both = run({ description: '訴訟最終告知のハガキとは別に、特別送達で支払督促が届いた' });
    expect(alertCodes(both)).toEqual(expect.arrayContaining(['court-papers', 'fake-court-notice']));
    // The postcard calls itself a court notice, so the person picks "court papers": the text names the trouble
    // (a bill, with 188), the answer keeps the court-papers alert and window, and the counselor sees both.
    const picked = run({
      description: '民事訴訟管理センターという所からハガキが来ました。裁判所の書類だと思います。',
      category: 'court_notice',
      answers: { courtPapersReceived: true },
    });
    expect(picked.categories[0]?.code).toBe('fictitious_billing');
    expect(routedCategories(picked.categories)).toEqual(['fictitious_billing']);
    expect(slugs(picked)).toEqual(expect.arrayContaining(['consumer-188', 'court']));
    expect(alertCodes(picked)).toEqual(expect.arrayContaining(['court-papers', 'fake-court-notice']));
    expect(picked.disagreements).toContainEqual(
      expect.objectContaining({ code: 'fake_court_notice', answer: 'courtPapersReceived', answered: true }),
    );
  },
  'one-click-ware-never-leave': () => {
    for (const input of [
      { description: '請求が来た', answers: { installedSoftware: true } },
      { description: '請求が来た', answers: { billingScreenPersists: true } },
      { description: '動画を見ようとしてプレイヤー更新をインストールしたら、料金の画面が消えない' },
    ]) {
      const result = run(input);
      expect(slugs(result)).toContain('ipa-anshin');
      expect(alertCodes(result)).toContain('one-click-ware');
      expect(allText(result.advice.do)).toContain('正規の(信頼できる)ウイルス対策ソフト');
    }
  },
  'threat-or-stalking': () => {
    const result = run({ description: 'DMで脅された', answers: { threatened: true } });
    expect(result.urgency).toBe('high');
    expect(slugs(result)[0]).toBe('police-9110');
    expect(run({ description: 'ずっとつきまとわれている' }).matchedRuleIds).toContain('threat-or-stalking');
  },
  'stalking-dv-womens-support': () => {
    expect(slugs(run({ description: '元彼にストーカーされている' }))).toContain('womens-support');
    expect(slugs(run({ description: '困っている', answers: { stalked: true } }))).toContain('womens-support');
    expect(slugs(run({ description: '知らない人に脅迫された' }))).not.toContain('womens-support');
  },
  defamation: () => {
    const result = run({ description: '掲示板に誹謗中傷を書かれた', person: { age: 30 } });
    expect(slugs(result)).toEqual(['jinken-110', 'ihaho', 'sia-hotline']);
    expect(recFor(result, 'jinken-110')?.reason.ja).toContain('警察はふつう動けません');
    expect(recFor(result, 'jinken-110')?.reason.en).toContain('police usually cannot act');
    expect(slugs(result).some((slug) => slug.startsWith('police'))).toBe(false);
  },
  'defamation-identify-poster': () => {
    const result = run({
      description: '掲示板に悪口を書かれた。削除して、書いた人を特定したい',
      person: { age: 30 },
    });
    expect(slugs(result)).toEqual(expect.arrayContaining(['jinken-110', 'ihaho', 'houterasu']));
    expect(run({ description: '掲示板に悪口を書かれた', person: { age: 30 } }).matchedRuleIds).not.toContain(
      'defamation-identify-poster',
    );
  },
  'defamation-with-threats': () => {
    const result = run({ description: '誹謗中傷のあと、殺すというメッセージも来た' });
    expect(slugs(result)).toContain('police-9110');
    expect(recFor(result, 'ihaho')?.ruleId).toBe('defamation-with-threats');
    expect(result.matchedRuleIds).not.toContain('defamation');
  },
  'child-childline': () => {
    const evening = triage(
      ZIntake.parse({ description: 'LINEのことで相談したい', person: { age: 15 } }),
      WINDOWS,
      tokyo('2026-11-04T17:00'),
    );
    const childline = recFor(evening, 'childline');
    expect(childline?.ruleId).toBe('child-childline');
    for (const promise of [
      'ひみつは守る',
      '名前は言わなくていい',
      '一緒に考える',
      '切りたくなったら切っていい',
    ]) {
      expect(childline?.reason.ja).toContain(promise);
    }
    expect(childline?.openNow).toBe(true);
    expect(slugs(evening)).not.toContain('child-sos-24');
    // In the morning Childline is closed: the 24-hour line is added first, Childline stays with its hours.
    const morning = run({ description: 'LINEのことで相談したい', person: { age: 15 } });
    expect(slugs(morning).slice(0, 2)).toEqual(['child-sos-24', 'childline']);
    expect(recFor(morning, 'childline')?.nextOpenAt).toBe(tokyo('2026-11-04T16:00').toISOString());
    expect(slugs(run({ description: 'LINEのことで相談したい', person: { age: 19 } }))).not.toContain(
      'childline',
    );
    // Text cues: a child who says so; an adult who says so is never sent to Childline.
    expect(slugs(run({ description: '中2です。LINEで悪口を書かれた' }))).toContain('childline');
    expect(slugs(run({ description: "I'm 15 and someone is bullying me on Instagram" }))).toContain(
      'childline',
    );
    expect(
      slugs(run({ description: '40代の会社員です。LINEで悪口を書かれた', person: { age: 15 } })),
    ).not.toContain('childline');
  },
  'child-affected-guardian': () => {
    const result = run({ description: 'うちの娘(中2)がクラスのLINEグループで仲間外れにされています' });
    expect(slugs(result)).toEqual(expect.arrayContaining(['child-sos-24', 'kodomo-jinken']));
    expect(slugs(result)).not.toContain('childline');
    expect(result.lifeStage).toMatchObject({ writer: 'adult', childAffected: true });
    const english = run({ description: 'My son is 12 and his classmates bully him in a LINE group' });
    expect(slugs(english)).toContain('child-sos-24');
    expect(slugs(english)).not.toContain('childline');
  },
  'child-bullying': () => {
    const result = run({ description: 'クラスのグループLINEで仲間外れにされた', person: { age: 12 } });
    expect(slugs(result)).toEqual(expect.arrayContaining(['childline', 'sia-hotline', 'jinken-110']));
    expect(run({ description: 'なかまはずれにされた' }).matchedRuleIds).toContain('child-bullying');
    expect(allText(result.advice.do)).toContain('信頼できる大人');
  },
  'fictitious-billing': () => {
    const result = run({ description: 'アダルトサイトで「登録完了」と出て、退会料を請求された' });
    expect(slugs(result)[0]).toBe('consumer-188');
    expect(result.urgency).toBe('normal');
    expect(allText(result.advice.doNot)).toContain('お金を払わないでください');
    expect(allText(result.advice.doNot)).toContain('電話をかけ直さない');
    expect(allText(result.advice.doNot)).toContain('登録していない方はこちら');
    expect(allText(result.advice.do)).toContain('契約は成り立ちません');
    expect(allText(result.advice.do)).toContain('IPアドレス');
    expect(allText(result.advice.evidence)).toContain('東京くらしWEB');
  },
  'fictitious-billing-paid-or-info-given': () => {
    for (const answers of [{ paid: true }, { personalInfoGiven: true }, { amountPaidYen: 30000 }]) {
      const result = run({ description: '架空請求のメール', answers });
      expect(result.urgency).toBe('high');
      expect(slugs(result)).toEqual(expect.arrayContaining(['police-cyber', 'kokusen', 'consumer-188']));
    }
    expect(run({ description: '架空請求にお金を払ってしまった' }).matchedRuleIds).toContain(
      'fictitious-billing-paid-or-info-given',
    );
    expect(run({ description: '架空請求、払ったほうがいいですか' }).matchedRuleIds).not.toContain(
      'fictitious-billing-paid-or-info-given',
    );
  },
  'fictitious-billing-phone': () => {
    const result = run({
      description: '有料動画の未納料金があると電話がかかってきた',
      answers: { demandVia: ['phone'] },
    });
    expect(slugs(result)).toContain('tokyo-kurashi');
    expect(allText(result.advice.do)).toContain('会社名・担当者の名前・請求金額の根拠');
    expect(allText(result.advice.do)).toContain('録音');
    const osaka = run({ description: '架空請求の電話が来た', person: { prefecture: '27' } });
    expect(osaka.matchedRuleIds).toContain('fictitious-billing-phone');
    expect(slugs(osaka)).not.toContain('tokyo-kurashi');
    expect(allText(osaka.advice.evidence)).toContain('東京くらしWEB');
  },
  'money-paid-act-fast': () => {
    const result = run({ description: '投資の話を信じて100万円振り込んでしまった' });
    expect(result.urgency).toBe('high');
    expect(allText(result.advice.do)).toContain('振り込んだ銀行');
  },
  'online-fraud': () => {
    const result = run({ description: '副業で月収100万と言われて情報商材を買った' });
    expect(slugs(result).slice(0, 2)).toEqual(['police-cyber', 'consumer-188']);
  },
  'online-shopping': () => {
    const result = run({ description: '通販サイトで買った商品が届かない' });
    expect(slugs(result)).toEqual(expect.arrayContaining(['consumer-188', 'jadma']));
    expect(recFor(result, 'jadma')?.openNow).toBe(true);
  },
  'online-shopping-paid': () => {
    const result = run({ description: 'ネットショップで3万円振り込んだのに商品が届かない。サイトも消えた' });
    expect(result.urgency).toBe('high');
    expect(slugs(result)).toEqual(expect.arrayContaining(['consumer-188', 'jadma', 'police-cyber']));
    expect(run({ description: '通販サイトで買った商品が届かない' }).matchedRuleIds).not.toContain(
      'online-shopping-paid',
    );
  },
  'phishing-report': () => {
    const result = run({ description: '宅配業者の不在通知のSMSが来た' });
    expect(slugs(result).slice(0, 3)).toEqual(['antiphishing', 'consumer-188', 'police-phishing']);
    expect(recFor(result, 'antiphishing')?.openNow).toBeNull();
    expect(allText(result.advice.do)).toContain('カードの裏');
    expect(slugs(result)).not.toContain('police-cyber');
  },
  'phishing-damage': () => {
    const result = run({ description: '銀行を名乗るSMSのリンクからパスワードを入力してしまった' });
    expect(result.matchedRuleIds).toContain('phishing-damage');
    expect(result.urgency).toBe('high');
    expect(slugs(result)[0]).toBe('police-cyber');
  },
  'malware-unauthorized-access': () => {
    const result = run({ description: 'インスタのアカウントが乗っ取られた' });
    expect(slugs(result)).toEqual(['ipa-anshin']);
    expect(result.matchedRuleIds).not.toContain('malware-damage');
  },
  ransomware: () => {
    const result = run({
      description: '店のパソコンのファイルが全部暗号化されて、ビットコインで払えと書いてある',
    });
    expect(result.urgency).toBe('high');
    expect(slugs(result)).toEqual(expect.arrayContaining(['police-cyber', 'ipa-anshin']));
    expect(allText(result.advice.doNot)).toContain('身代金を払わないで');
    expect(
      run({ description: 'Our files are encrypted, pay 0.5 BTC within 72 hours' }).matchedRuleIds,
    ).toContain('ransomware');
  },
  'malware-damage': () => {
    const result = run({ description: '不正アクセスされた', answers: { paid: true } });
    expect(slugs(result)).toEqual(expect.arrayContaining(['police-cyber', 'ipa-anshin']));
    expect(recFor(result, 'police-cyber')?.ruleId).toBe('malware-damage');
  },
  'dating-site-points': () => {
    const result = run({ description: '出会い系でポイントを買い続けたのに、一度も会えない' });
    expect(slugs(result).slice(0, 2)).toEqual(['lawyer', 'consumer-188']);
    expect(allText(result.advice.doNot)).toContain('ポイントを買わない');
  },
  'unsure-or-other': () => {
    const result = run({ description: 'よくわからないけど不安です' });
    expect(slugs(result)).toEqual(['police-9110', 'hotline-council']);
    expect(result.urgency).toBe('low');
    expect(run({ description: 'x', category: 'other' }).matchedRuleIds).toContain('unsure-or-other');
    expect(run({ description: '架空請求' }).matchedRuleIds).not.toContain('unsure-or-other');
  },
  'contacted-them': () => {
    const result = run({ description: '登録完了の画面に出た番号に電話してしまった' });
    expect(result.matchedRuleIds).toContain('contacted-them');
    expect(allText(result.advice.doNot)).toContain('これ以上、相手に電話やメールをしないで');
    expect(run({ description: '登録完了と出たが電話はしていない' }).matchedRuleIds).not.toContain(
      'contacted-them',
    );
  },
  'written-in-english': () => {
    const result = run({
      description: 'I got a letter in Japanese saying I owe money for a website I never used.',
    });
    expect(allText(result.advice.do)).toContain('0570-078377');
    expect(run({ description: '架空請求のメールが来た' }).matchedRuleIds).not.toContain('written-in-english');
  },
  'evidence-basics': () => {
    for (const description of ['架空請求', 'いじめ', 'よくわからない']) {
      expect(allText(run({ description }).advice.evidence)).toContain('スクリーンショット');
    }
  },
};

describe('triage rule table', () => {
  it('has unique ids, each with a one-line comment', () => {
    const ids = TRIAGE_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of TRIAGE_RULES) {
      expect(rule.comment.trim()).not.toBe('');
      expect(rule.comment).not.toContain('\n');
    }
  });

  it('has a test for every rule and no test for a rule that does not exist', () => {
    expect(Object.keys(RULE_CASES).sort()).toEqual(TRIAGE_RULES.map((rule) => rule.id).sort());
  });

  it('never tells anyone to ignore anything (無視), in any reason, alert or advice', () => {
    for (const rule of TRIAGE_RULES) {
      const texts = [
        ...(rule.recommend ?? []).map((r) => r.reason),
        ...(rule.alerts ?? []).map((a) => a.message),
        ...(rule.advice?.do ?? []),
        ...(rule.advice?.doNot ?? []),
        ...(rule.advice?.evidence ?? []),
      ];
      for (const text of texts) {
        expect({ rule: rule.id, ja: text.ja.includes('無視') }).toEqual({ rule: rule.id, ja: false });
        expect({ rule: rule.id, en: /ignor/i.test(text.en) }).toEqual({ rule: rule.id, en: false });
      }
    }
  });

  for (const rule of TRIAGE_RULES) {
    it(`rule ${rule.id}`, () => {
      const check = RULE_CASES[rule.id];
      expect(check).toBeDefined();
      check?.();
    });
  }
});
