import { prefectureByCode, type TEligibility, type TLocalized } from '@madoguchi/shared';

/** Who a window is for, or undefined when it takes anyone. */
export function eligibilityText(eligibility: TEligibility): TLocalized | undefined {
  const { minAge, maxAge, prefectures } = eligibility;
  const parts: TLocalized[] = [];
  if (minAge !== undefined && maxAge !== undefined) {
    parts.push({ ja: `${minAge}歳から${maxAge}歳までの`, en: `aged ${minAge} to ${maxAge}` });
  } else if (maxAge !== undefined) {
    parts.push({ ja: `${maxAge}歳までの`, en: `aged up to ${maxAge}` });
  } else if (minAge !== undefined) {
    parts.push({ ja: `${minAge}歳以上の`, en: `aged ${minAge} or older` });
  }
  if (prefectures) {
    const names = prefectures.map((code) => prefectureByCode(code));
    parts.push({
      ja: `${names.map((p) => p?.ja ?? '').join('・')}に住んでいる・通っている`,
      en: `living or studying in ${names.map((p) => p?.en ?? '').join(', ')}`,
    });
  }
  if (parts.length === 0) {
    return undefined;
  }
  return {
    ja: `${parts.map((part) => part.ja).join('、')}人のための窓口です`,
    en: `For people ${parts.map((part) => part.en).join(', ')}`,
  };
}
