import type { TLocalized } from '@madoguchi/shared';

import { En } from './en';

const BEFORE_WRITING: TLocalized = {
  ja: 'あぶないときは、この相談を書くより先に、110番(警察)に電話してください。安全な場所に移れるなら、先に移ってください。',
  en: 'If you are in danger, call the police on 110 before writing anything here. If you can get somewhere safe, do that first.',
};

/**
 * Shown the moment someone says they are in danger now (and first on the receipt): a form is never
 * the way to get help in an emergency. role="alert" so a screen reader says it straight away.
 */
export function DangerNowBanner({ message = BEFORE_WRITING }: { message?: TLocalized }) {
  return (
    <div className="alert-banner alert-banner--danger" role="alert">
      <p className="alert-banner__title">
        いますぐ110番に電話してください
        <En>Call 110 now</En>
      </p>
      <p>{message.ja}</p>
      <En as="p">{message.en}</En>
      <a className="button button--emergency button--block" href="tel:110">
        110番に電話する(警察)
        <En>Call 110 (police)</En>
      </a>
    </div>
  );
}
