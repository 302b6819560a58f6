import {
  compareUrgency,
  INTAKE_CHANNELS,
  maxUrgency,
  TROUBLE_CATEGORIES,
  TROUBLE_CATEGORY_CODES,
  type TUrgency,
  URGENCY_LEVELS,
  urgencyRank,
  ZTroubleCategory,
} from './category';
import { PREFECTURE_CODES, PREFECTURES, prefectureByCode, ZPrefectureCode } from './prefecture';

describe('trouble categories', () => {
  it('has the eleven stable codes with labels in both languages', () => {
    expect(TROUBLE_CATEGORY_CODES).toEqual([
      'online_fraud',
      'fictitious_billing',
      'online_shopping',
      'malware_unauthorized_access',
      'phishing',
      'defamation',
      'sns_threat_stalking',
      'child_bullying',
      'dating_site_fraud',
      'court_notice',
      'other',
    ]);
    for (const code of TROUBLE_CATEGORY_CODES) {
      expect(TROUBLE_CATEGORIES[code].code).toBe(code);
      expect(TROUBLE_CATEGORIES[code].label.ja).not.toBe('');
      expect(TROUBLE_CATEGORIES[code].label.en).not.toBe('');
    }
    expect(TROUBLE_CATEGORIES.fictitious_billing.label.ja).toBe('架空請求・ワンクリック詐欺');
    expect(ZTroubleCategory.safeParse('spam').success).toBe(false);
  });
});

describe('urgency', () => {
  it('ranks emergency > high > normal > low', () => {
    expect(URGENCY_LEVELS.map(urgencyRank)).toEqual([3, 2, 1, 0]);
    const shuffled: TUrgency[] = ['low', 'emergency', 'normal', 'high'];
    expect([...shuffled].sort(compareUrgency)).toEqual(['emergency', 'high', 'normal', 'low']);
    expect(maxUrgency('normal', 'high')).toBe('high');
    expect(maxUrgency('emergency', 'low')).toBe('emergency');
  });
});

describe('channels and prefectures', () => {
  it('lists the intake channels', () => {
    expect(INTAKE_CHANNELS).toEqual(['web', 'phone', 'chat', 'email', 'walk_in']);
  });

  it('has the 47 JIS prefecture codes 01–47 in order', () => {
    expect(PREFECTURES).toHaveLength(47);
    expect(PREFECTURES.map((p) => p.code)).toEqual([...PREFECTURE_CODES]);
    expect(PREFECTURE_CODES[0]).toBe('01');
    expect(PREFECTURE_CODES[46]).toBe('47');
    expect(prefectureByCode('13')).toEqual({ code: '13', ja: '東京都', en: 'Tokyo' });
    expect(prefectureByCode('01')?.ja).toBe('北海道');
    expect(prefectureByCode('47')?.ja).toBe('沖縄県');
    expect(prefectureByCode('27')?.ja).toBe('大阪府');
    expect(ZPrefectureCode.safeParse('00').success).toBe(false);
    expect(ZPrefectureCode.safeParse('1').success).toBe(false);
  });
});
