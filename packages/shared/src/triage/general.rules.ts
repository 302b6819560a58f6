import { NOTE_WHO_THEY_ARE } from './money.rules';
import type { TTriageRule } from './triage.types';

/** Rules that apply whatever the trouble: where to go when unsure, and what evidence to keep. */
export const GENERAL_RULES: readonly TTriageRule[] = [
  {
    id: 'unsure-or-other',
    comment:
      'Not sure where to go: #9110 refers on, and the hotline council’s directory lists windows by trouble type.',
    when: (ctx) => !ctx.categories.some((match) => match.code !== 'other' && ctx.has(match.code)),
    urgencyAtLeast: 'low',
    recommend: [
      {
        windowSlug: 'police-9110',
        reason: {
          ja: 'どこに相談したらよいかわからないときは #9110 へ。話を聞いて、合う窓口につないでくれます。',
          en: 'Not sure where to turn? #9110 listens and passes you on to the right place.',
        },
      },
      {
        windowSlug: 'hotline-council',
        reason: {
          ja: 'トラブルの種類から、合う相談先をさがせる案内ページです。',
          en: 'A directory for finding the right place by type of trouble.',
        },
      },
    ],
  },
  {
    id: 'child-affected-guardian',
    comment:
      'A parent or teacher writing about a child in trouble, whatever the trouble: lines that also take guardians (24-hour Child SOS, the children’s human-rights line), never Childline.',
    when: (ctx) => ctx.childAffected && !ctx.childWriting,
    recommend: [
      {
        windowSlug: 'child-sos-24',
        reason: {
          ja: '子どものことで、保護者も24時間相談できます(無料)。',
          en: 'Guardians can call about a child too, 24 hours a day (free).',
        },
      },
      {
        windowSlug: 'kodomo-jinken',
        reason: {
          ja: 'いじめなど子どもの人権の問題を相談でき、書き込みの削除をサイトに求めてくれることもあります。',
          en: 'Takes children’s human-rights problems such as bullying, and may ask sites to delete posts about a child.',
        },
      },
    ],
  },
  {
    id: 'contacted-them',
    comment:
      'Already called back or replied: do not do it again; if you talked, note company and person names and the basis of the amount.',
    when: (ctx) => ctx.signals.contactedThem,
    advice: {
      doNot: [
        {
          ja: 'これ以上、相手に電話やメールをしないでください。連絡すると、さらに請求や勧誘が続くことがあります。',
          en: 'Do not call or write to them again: contact tends to bring more demands.',
        },
      ],
      do: [NOTE_WHO_THEY_ARE],
    },
  },
  {
    id: 'written-in-english',
    comment:
      'Foreign residents: say which lines speak their language (Houterasu multilingual, Yorisoi foreign-language line).',
    when: (ctx) => ctx.signals.english,
    advice: {
      do: [
        {
          ja: '外国語で相談したいときは、法テラスの多言語情報提供サービス(0570-078377)や、よりそいホットラインの外国語の回線(0120-279-338、音声案内で選べます)が使えます。',
          en: 'For help in your language: Houterasu’s multilingual line (0570-078377) and the Yorisoi Hotline’s foreign-language line (0120-279-338, choose in the voice menu).',
        },
      ],
    },
  },
  {
    id: 'evidence-basics',
    comment: 'Whatever happened: keep evidence and do not carry it alone.',
    when: () => true,
    urgencyAtLeast: 'low',
    advice: {
      do: [
        {
          ja: 'ひとりでかかえこまず、相談してください。',
          en: 'You do not have to deal with this alone: ask for help.',
        },
      ],
      evidence: [
        {
          ja: '画面のスクリーンショットを、日時がわかるように撮っておいてください。',
          en: 'Take screenshots that show the date and time.',
        },
        {
          ja: 'メール・SMS・メッセージは消さずに残しておいてください。',
          en: 'Do not delete the mails, SMS or messages.',
        },
      ],
    },
  },
];
