import {
  DISCLOSURE_EVENT_LABELS,
  disclosureFieldLabel,
  REFERRAL_STATUS_LABELS,
  type TDisclosureRecord,
} from '@madoguchi/shared';

import { formatDateTime } from '../dashboard/format';
import { EmptyState } from '../dashboard/page-states';

const fields = (list: readonly string[]) =>
  list.length === 0 ? 'なし / none' : list.map((f) => disclosureFieldLabel(f).ja).join('・');

const statusLabel = (status: string) =>
  (REFERRAL_STATUS_LABELS as Record<string, { ja: string; en: string } | undefined>)[status]?.ja ?? status;

/** Which fields went to which window under which consent, when, by whom, and the window's use of its link. */
export function DisclosureRecordView({ record }: { record: TDisclosureRecord }) {
  if (record.referrals.length === 0) {
    return (
      <EmptyState>
        <p>
          この相談から外部の窓口へ提供した記録はありません。{' '}
          <span lang="en">Nothing was disclosed from this case.</span>
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      {record.referrals.map((referral) => (
        <section
          key={referral.referralId}
          className="panel"
          aria-labelledby={`disclosure-${referral.referralId}`}
        >
          <h2 id={`disclosure-${referral.referralId}`}>
            {referral.referralNumber} {referral.window.name.ja}{' '}
            <span lang="en">/ {referral.window.name.en}</span>
          </h2>
          <dl className="facts">
            <div>
              <dt>状態 / Status</dt>
              <dd>{statusLabel(referral.status)}</dd>
            </div>
            <div>
              <dt>同意した人 / Consent given by</dt>
              <dd>{referral.consent.givenBy === 'guardian' ? '保護者 / guardian' : '本人 / the person'}</dd>
            </div>
            <div>
              <dt>同意日時 / Consent at</dt>
              <dd>{referral.consent.givenAt ? formatDateTime(referral.consent.givenAt) : '—'}</dd>
            </div>
            <div>
              <dt>記録した職員 / Recorded by</dt>
              <dd>{referral.consent.recordedBy?.name ?? '—'}</dd>
            </div>
            <div>
              <dt>同意した項目 / Fields consented</dt>
              <dd>{fields(referral.consent.fields)}</dd>
            </div>
            <div>
              <dt>共有を認めた証拠ファイル / Evidence files shared</dt>
              <dd>{referral.consent.evidenceFiles}件</dd>
            </div>
            <div>
              <dt>窓口のリンク閲覧 / Window opened the link</dt>
              <dd>{referral.partnerViewed ? 'あり / yes' : 'なし / no'}</dd>
            </div>
            <div>
              <dt>窓口の証拠取得 / Window downloaded evidence</dt>
              <dd>{referral.partnerDownloaded ? 'あり / yes' : 'なし / no'}</dd>
            </div>
          </dl>
          {referral.events.length === 0 ? (
            <p className="small muted">
              まだ何も提供していません(紹介状の作成前)。{' '}
              <span lang="en">Nothing disclosed yet (no letter made).</span>
            </p>
          ) : (
            <div className="table-wrap">
              <table className="data-table data-table--compact">
                <thead>
                  <tr>
                    <th scope="col">日時 / When</th>
                    <th scope="col">出来事 / Event</th>
                    <th scope="col">実行者 / By</th>
                    <th scope="col">提供した項目 / Fields disclosed</th>
                    <th scope="col">ファイル / File</th>
                  </tr>
                </thead>
                <tbody>
                  {referral.events.map((event, index) => (
                    <tr key={`${event.at}-${index}`}>
                      <td>{formatDateTime(event.at)}</td>
                      <th scope="row">
                        {DISCLOSURE_EVENT_LABELS[event.kind].ja}
                        <span lang="en" className="block small">
                          {DISCLOSURE_EVENT_LABELS[event.kind].en}
                        </span>
                      </th>
                      <td>{event.by?.name ?? `${referral.window.name.ja}(窓口 / window)`}</td>
                      <td>{event.kind === 'partner_download' ? '—' : fields(event.fields)}</td>
                      <td>{event.fileName ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </>
  );
}
