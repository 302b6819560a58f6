import {
  CASE_STATUS_LABELS,
  REFERRAL_STATUS_LABELS,
  type TTimelineItem,
  URGENCY_LABELS,
  ZCaseStatus,
  ZLocalized,
  ZReferralStatus,
  ZUrgency,
} from '@madoguchi/shared';
import { z } from 'zod';

import { formatDateTime } from '../dashboard/format';
import {
  CONTACT_CHANNEL_LABELS,
  CONTACT_DIRECTION_LABELS,
  categoryLabel,
  TIMELINE_KIND_LABELS,
} from './labels';

const ZText = z.string();

function str(value: unknown): string | null {
  const parsed = ZText.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What an event says, by kind; unknown shapes fall back to nothing rather than breaking the page. */
function Body({ item, names }: { item: TTimelineItem; names: Map<string, string> }) {
  const { data } = item;
  switch (item.kind) {
    case 'note':
    case 'public_message':
    case 'person_reply':
      return <p className="pre-wrap">{str(data['body'])}</p>;
    case 'contact': {
      const direction = str(data['direction']);
      const channel = str(data['channel']);
      const minutes = typeof data['durationMinutes'] === 'number' ? data['durationMinutes'] : null;
      return (
        <>
          <p className="small muted">
            {direction === 'in' || direction === 'out' ? CONTACT_DIRECTION_LABELS[direction].ja : ''}・
            {channel === 'phone' || channel === 'email' || channel === 'other'
              ? CONTACT_CHANNEL_LABELS[channel].ja
              : ''}
            {minutes !== null ? `・${minutes}分` : ''}
          </p>
          <p className="pre-wrap">{str(data['summary'])}</p>
        </>
      );
    }
    case 'status_change': {
      const from = ZCaseStatus.safeParse(data['from']);
      const to = ZCaseStatus.safeParse(data['to']);
      const reason = str(data['reason']);
      return (
        <p>
          {from.success ? CASE_STATUS_LABELS[from.data].ja : '—'} →{' '}
          {to.success ? CASE_STATUS_LABELS[to.data].ja : '—'}
          {reason ? <span className="block small">理由: {reason}</span> : null}
        </p>
      );
    }
    case 'assignment': {
      const to = str(data['to']);
      return <p>{to ? `担当: ${names.get(to) ?? '(職員)'}` : '担当を外しました / unassigned'}</p>;
    }
    case 'priority_change': {
      const from = ZUrgency.safeParse(data['from']);
      const to = ZUrgency.safeParse(data['to']);
      const reason = str(data['reason']);
      return (
        <p>
          {from.success ? URGENCY_LABELS[from.data].ja : '—'} →{' '}
          {to.success ? URGENCY_LABELS[to.data].ja : '—'}
          {reason ? <span className="block small">理由: {reason}</span> : null}
        </p>
      );
    }
    case 'category_change': {
      const confirmed = z.array(z.string()).safeParse(data['confirmed']);
      const reason = str(data['reason']);
      return (
        <p>
          {confirmed.success ? confirmed.data.map((code) => categoryLabel(code).ja).join('・') : ''}
          {data['overridden'] === true ? (
            <span className="badge badge--soft">判定を変更 / override</span>
          ) : null}
          {reason ? <span className="block small">理由: {reason}</span> : null}
        </p>
      );
    }
    case 'referral': {
      // Events carry the step (from → to) and the referral as it stands now under `referral`.
      const state = z.record(z.string(), z.unknown()).safeParse(data['referral']);
      const current = state.success ? state.data : data;
      const name = ZLocalized.safeParse(current['windowName']);
      const from = ZReferralStatus.safeParse(data['from']);
      const to = ZReferralStatus.safeParse(data['to'] ?? current['status']);
      return (
        <p>
          {name.success ? name.data.ja : (str(data['windowSlug']) ?? str(current['windowSlug']))}
          {to.success ? (
            <span className="block small">
              {from.success ? `${REFERRAL_STATUS_LABELS[from.data].ja} → ` : ''}
              {REFERRAL_STATUS_LABELS[to.data].ja}{' '}
              <span lang="en">
                ({from.success ? `${REFERRAL_STATUS_LABELS[from.data].en} → ` : ''}
                {REFERRAL_STATUS_LABELS[to.data].en})
              </span>
            </span>
          ) : null}
          <span className="block small muted">
            {str(data['referralNumber']) ?? str(current['referralNumber'])}
          </span>
        </p>
      );
    }
    case 'triage': {
      const urgency = ZUrgency.safeParse(data['urgency']);
      return <p>{urgency.success ? `緊急度 ${URGENCY_LABELS[urgency.data].ja}` : ''}</p>;
    }
    default:
      return item.kind satisfies never;
  }
}

/** Who did it: a member of staff, the receiving window through its partner link, or the system. */
function actorLabel(item: TTimelineItem): string {
  if (item.actor) {
    return item.actor.displayName;
  }
  if (item.kind === 'person_reply' || item.data['via'] === 'person_reply') {
    return 'ご本人(状況確認ページから) / the person, from the status page';
  }
  return item.data['via'] === 'partner_link'
    ? '紹介先(リンクから) / the window, via its link'
    : 'システム / system';
}

function Entry({ item, names }: { item: TTimelineItem; names: Map<string, string> }) {
  return (
    <li className={`timeline__item timeline__item--${item.kind}`}>
      <div className="timeline__meta">
        <strong>
          {TIMELINE_KIND_LABELS[item.kind].ja} <span lang="en">{TIMELINE_KIND_LABELS[item.kind].en}</span>
        </strong>
        <time dateTime={item.at}>{formatDateTime(item.at)}</time>
        <span className="muted">{actorLabel(item)}</span>
        {/* The person's own reply is theirs to see; the badge is for what staff show them. */}
        {item.public && item.kind !== 'person_reply' ? (
          <span className="badge badge--info">
            相談者に表示 <span lang="en">Shown to the person</span>
          </span>
        ) : null}
        {item.fromCase ? (
          <span className="badge" data-testid="timeline-from-case">
            統合元 {item.fromCase.receiptNumber} <span lang="en">From merged case</span>
          </span>
        ) : null}
      </div>
      <Body item={item} names={names} />
    </li>
  );
}

/**
 * Newest first. Only the latest `recent` entries are shown open; the older ones wait in a disclosure, so a
 * long case does not make the page endless on a phone (Ctrl+F still finds text in it in Chromium).
 */
export function Timeline({
  items,
  names,
  recent = Number.POSITIVE_INFINITY,
}: {
  items: TTimelineItem[];
  names: Map<string, string>;
  recent?: number;
}) {
  if (items.length === 0) {
    return (
      <p className="muted">
        記録はまだありません。 <span lang="en">Nothing recorded yet.</span>
      </p>
    );
  }
  const newestFirst = [...items].reverse();
  const latest = newestFirst.slice(0, recent);
  const older = newestFirst.slice(latest.length);
  const key = (item: TTimelineItem) => `${item.source}-${item.id}`;
  return (
    <>
      <ol className="timeline" reversed>
        {latest.map((item) => (
          <Entry key={key(item)} item={item} names={names} />
        ))}
      </ol>
      {older.length > 0 ? (
        <details className="timeline__older" data-testid="timeline-older">
          <summary>
            それ以前の記録 {older.length}件を表示 <span lang="en">/ Show {older.length} earlier entries</span>
          </summary>
          <ol className="timeline" reversed start={older.length}>
            {older.map((item) => (
              <Entry key={key(item)} item={item} names={names} />
            ))}
          </ol>
        </details>
      ) : null}
    </>
  );
}
