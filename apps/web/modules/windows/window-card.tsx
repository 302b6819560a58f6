import { openingHoursText, type TLocalized } from '@madoguchi/shared';

import { En } from '../ui/en';
import { telHref } from '../ui/tel';
import { eligibilityText } from './eligibility-text';
import { openState } from './open-state';
import type { TWindowView } from './window-view';

type TWindowCardProps = {
  window: TWindowView;
  /** Why this window was recommended (on the receipt). */
  reason?: TLocalized;
  headingLevel?: 2 | 3;
};

/** One consultation window: how to call it, when it is open, and who it is for. */
export function WindowCard({ window, reason, headingLevel = 2 }: TWindowCardProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const headingId = `window-${window.slug}`;
  const state = openState(window);
  const eligibility = eligibilityText(window.eligibility);
  const [verifiedYear, verifiedMonth, verifiedDay] = window.lastVerifiedAt.split('-').map(Number);

  return (
    <article className="window-card" aria-labelledby={headingId}>
      <Heading id={headingId} className="window-card__name">
        {window.name.ja}
        <En>{window.name.en}</En>
      </Heading>
      <div className="window-card__badges">
        {state && (
          <p className={`badge badge--${state.tone}`}>
            {state.text.ja}
            <En>{state.text.en}</En>
          </p>
        )}
        {!window.verified && (
          <p className="badge badge--unverified">
            未確認の情報があります
            <En>Some details are unverified</En>
          </p>
        )}
      </div>
      {reason && (
        <p className="window-card__reason">
          {reason.ja}
          <En>{reason.en}</En>
        </p>
      )}
      {window.phones.length > 0 && (
        <ul className="window-card__phones">
          {window.phones.map((phone) => (
            <li key={phone.number}>
              <a className="call-link" href={telHref(phone.number)}>
                <span className="call-link__number">{phone.number}</span>
                <span className="call-link__label">{phone.label ? phone.label.ja : '電話をかける'}</span>
                <En>{phone.label ? phone.label.en : 'Call'}</En>
              </a>
              {phone.note && (
                <p className="window-card__note">
                  {phone.note.ja}
                  <En>{phone.note.en}</En>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <dl className="window-card__facts">
        <dt>
          受付時間
          <En>Hours</En>
        </dt>
        <dd>
          <ul className="plain-list">
            {openingHoursText(window.hours, window.closures).map((line) => (
              <li key={line.ja}>
                {line.ja}
                <En>{line.en}</En>
              </li>
            ))}
          </ul>
        </dd>
        {eligibility && (
          <>
            <dt>
              対象
              <En>Who it is for</En>
            </dt>
            <dd>
              {eligibility.ja}
              <En>{eligibility.en}</En>
            </dd>
          </>
        )}
        <dt>
          運営
          <En>Run by</En>
        </dt>
        <dd>{window.operator}</dd>
      </dl>
      <p className="window-card__notes">
        {window.notes.ja}
        <En>{window.notes.en}</En>
      </p>
      {window.url && (
        <p>
          <a href={window.url} rel="noopener noreferrer">
            {window.name.ja}のウェブサイト(外部サイト)
            <En>Website (external)</En>
          </a>
        </p>
      )}
      <p className="window-card__checked">
        {verifiedYear}年{verifiedMonth}月{verifiedDay}日に確認した情報です
        <En>Details checked on {window.lastVerifiedAt}</En>
      </p>
    </article>
  );
}
