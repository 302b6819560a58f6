import {
  EVIDENCE_KIND_LABELS,
  formatFileSize,
  PARTNER_LINK_ACTION_LABELS,
  type TPartnerLetterBlock,
  type TPartnerLinkView,
} from '@madoguchi/shared';

import { formatDate, formatDateTime } from '../dashboard/format';
import { En } from '../ui/en';
import { PartnerAnswerForms } from './partner-answer-forms';
import type { TPartnerAction } from './partner-form-state';

function LetterBlock({ block }: { block: TPartnerLetterBlock }) {
  switch (block.kind) {
    case 'heading':
      return <h3>{block.text}</h3>;
    case 'subheading':
      return (
        <p>
          <strong>{block.text}</strong>
        </p>
      );
    case 'paragraph':
      return <p className="partner-letter__text">{block.text}</p>;
    case 'fields':
      return (
        <dl className="partner-letter__fields">
          {block.rows.map((row) => (
            <div key={row.label}>
              <dt>{row.label}</dt>
              <dd className="partner-letter__text">{row.value}</dd>
            </div>
          ))}
        </dl>
      );
    case 'list':
      return (
        <ul>
          {block.items.map((item, index) => (
            <li key={index}>{item}</li>
          ))}
        </ul>
      );
    default:
      return block satisfies never;
  }
}

const CLOSED = {
  answered: {
    ja: 'この紹介へのご回答は済んでいます。ありがとうございました。同じ操作は一度だけできます。',
    en: 'This referral has been answered. Thank you. Each action can be taken only once.',
  },
  withdrawn: {
    ja: 'この紹介は紹介元で取り下げられました。ご対応は不要です。',
    en: 'The referring desk withdrew this referral. No action is needed.',
  },
  paused: {
    ja: '現在、このリンクからはご回答いただけません。お手数ですが、紹介元へお電話ください。',
    en: 'This link cannot take an answer right now. Please call the referring desk.',
  },
} as const;

/** Why no answer is left: the window answered, the desk withdrew the referral, or it is on hold at the desk. */
function closedReason(view: TPartnerLinkView): keyof typeof CLOSED {
  if (view.status === 'cancelled') {
    return 'withdrawn';
  }
  return view.status === 'completed' || view.status === 'declined' ? 'answered' : 'paused';
}

/**
 * The partner page: which referral this is, where it stands, what the window already answered, the forms for the
 * answers left, and the letter's content (what the person agreed to share) while there is still something to do.
 */
export function PartnerLinkView({
  token,
  view,
  action,
}: {
  token: string;
  view: TPartnerLinkView;
  action: TPartnerAction;
}) {
  return (
    <div className="container stack partner-page" data-testid="partner-link" data-state={view.state}>
      <h1>
        紹介へのご回答
        <En>Reply to a referral</En>
      </h1>
      <p>
        {view.centre.name}から{view.window.name.ja}
        へのご紹介です。受付・対応完了・お断りを、このページからお知らせください。アカウントは不要です。
        <En>
          A referral from {view.centre.name} to {view.window.name.en}. Please let the desk know here whether
          you received it, finished helping, or cannot take it. No account is needed.
        </En>
      </p>
      <dl className="partner-summary">
        <div>
          <dt>
            紹介番号 <En>Referral number</En>
          </dt>
          <dd>{view.referralNumber}</dd>
        </div>
        <div>
          <dt>
            現在の状態 <En>Status</En>
          </dt>
          <dd data-testid="partner-status">
            {view.statusLabel.ja} <En>{view.statusLabel.en}</En>
          </dd>
        </div>
        <div>
          <dt>
            紹介元 <En>Referring desk</En>
          </dt>
          <dd>
            {view.centre.name}({view.centre.phone})
          </dd>
        </div>
        <div>
          <dt>
            リンクの有効期限 <En>Link expires</En>
          </dt>
          <dd>{formatDate(view.expiresAt)}</dd>
        </div>
      </dl>

      {view.uses.length > 0 ? (
        <section aria-labelledby="partner-done-title">
          <h2 id="partner-done-title">
            これまでのご回答 <En>Your answers so far</En>
          </h2>
          <ul data-testid="partner-uses">
            {view.uses.map((use) => (
              <li key={use.action}>
                {PARTNER_LINK_ACTION_LABELS[use.action].ja}(済)
                <En>{PARTNER_LINK_ACTION_LABELS[use.action].en} — done</En> {formatDateTime(use.at)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {view.actions.length === 0 ? (
        <p className="notice" data-testid="partner-closed">
          {CLOSED[closedReason(view)].ja}
          <En>{CLOSED[closedReason(view)].en}</En>
        </p>
      ) : null}
      {/* Always rendered: it keeps the reply to the last answer, also when no answer is left. */}
      <PartnerAnswerForms token={token} actions={view.actions} action={action} />

      {view.letter.length > 0 ? (
        <section className="partner-letter" aria-labelledby="partner-letter-title">
          <h2 id="partner-letter-title">
            紹介状の内容 <En>The referral letter (in Japanese)</En>
          </h2>
          <p className="small">
            ご相談者が同意した項目だけを表示しています。
            <En>Only what the person agreed to share is shown.</En>
          </p>
          {view.letter.map((block, index) => (
            <LetterBlock key={index} block={block} />
          ))}
        </section>
      ) : null}

      {view.files.length > 0 ? <SharedFiles token={token} files={view.files} /> : null}
    </div>
  );
}

/**
 * The evidence files the person agreed to share, as the desk received them: each downloads through this site
 * (app/(partner)/p/[token]/evidence/[fileId]/route.ts), and its SHA-256 lets the window check the copy it keeps.
 */
function SharedFiles({ token, files }: { token: string; files: TPartnerLinkView['files'] }) {
  return (
    <section className="partner-files" aria-labelledby="partner-files-title">
      <h2 id="partner-files-title">
        共有された証拠ファイル <En>Evidence files shared with you</En>
      </h2>
      <p className="small">
        ご相談者が共有に同意したファイルです。ダウンロードしたファイルのSHA-256が下の値と同じなら、紹介元が受け取ったときのままです。
        <En>
          The person agreed to share these files. If a downloaded file&apos;s SHA-256 equals the value below,
          it is exactly as the desk received it.
        </En>
      </p>
      <ul className="partner-files__list">
        {files.map((file) => (
          <li key={file.id} data-testid="partner-file">
            {file.deleted ? (
              <span>{file.name}</span>
            ) : (
              <a href={`/p/${token}/evidence/${file.id}`} download>
                {file.name}
              </a>
            )}{' '}
            ({EVIDENCE_KIND_LABELS[file.kind].ja} <En>{EVIDENCE_KIND_LABELS[file.kind].en}</En>,{' '}
            {formatFileSize(file.sizeBytes)})
            {file.deleted ? (
              <>
                <br />
                <strong>
                  紹介元で削除済みのため、ダウンロードできません。
                  <En>Deleted by the desk since it was shared; it can no longer be downloaded.</En>
                </strong>
              </>
            ) : null}
            <br />
            SHA-256: <code>{file.sha256}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
