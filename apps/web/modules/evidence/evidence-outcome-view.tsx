import { EVIDENCE_KIND_LABELS, formatFileSize } from '@madoguchi/shared';
import type { Ref } from 'react';

import { En } from '../ui/en';
import type { TEvidenceOutcome, TReceivedFile } from './evidence-outcome';

/** One file as the desk received it: name, type, size and its SHA-256 (on the status page too). */
export function ReceivedFile({ file }: { file: TReceivedFile }) {
  const kind = EVIDENCE_KIND_LABELS[file.kind];
  return (
    <li className="evidence-file">
      <p className="evidence-file__name">{file.name}</p>
      <dl className="evidence-file__facts">
        <div>
          <dt>
            種類
            <En>Type</En>
          </dt>
          <dd>
            {kind.ja}
            <En>{kind.en}</En>
          </dd>
        </div>
        <div>
          <dt>
            大きさ
            <En>Size</En>
          </dt>
          <dd>{formatFileSize(file.sizeBytes)}</dd>
        </div>
        <div>
          <dt>
            SHA-256(ファイルの指紋)
            <En>SHA-256 (the file&apos;s fingerprint)</En>
          </dt>
          <dd>
            <code className="evidence-file__hash" data-testid="evidence-sha256">
              {file.sha256}
            </code>
          </dd>
        </div>
      </dl>
    </li>
  );
}

/**
 * What became of an upload, the same on the status page (in place, with JavaScript) and on the result page (no
 * JavaScript): the files received with their SHA-256, so the person can later check that what a help desk got
 * is what they sent; or which file was refused and why, announced as an alert.
 */
export function EvidenceOutcomeView({
  outcome,
  focusRef,
}: {
  outcome: TEvidenceOutcome;
  /** The box to move focus to once the answer is shown. */
  focusRef?: Ref<HTMLDivElement>;
}) {
  if (outcome.status === 'refused') {
    return (
      <div ref={focusRef} className="error-summary evidence-outcome" role="alert" tabIndex={-1}>
        <p className="error-summary__title">
          ファイルを送れませんでした
          <En>The files were not sent</En>
        </p>
        <p>
          {outcome.message.ja}
          <En>{outcome.message.en}</En>
        </p>
        {outcome.details.map((detail) => (
          <p key={detail.en}>
            {detail.ja}
            <En>{detail.en}</En>
          </p>
        ))}
        {outcome.file !== undefined && (
          <p>
            受け付けられなかったファイル: <strong data-testid="evidence-refused-file">{outcome.file}</strong>
            <En>File refused: {outcome.file}</En>
          </p>
        )}
        <p>
          相談の内容はそのまま届いています。ほかのファイルを選んで、もう一度送ることができます。
          <En>Your consultation itself is not affected. You can choose other files and send again.</En>
        </p>
      </div>
    );
  }
  return (
    <div ref={focusRef} className="reply-sent evidence-outcome" role="status" tabIndex={-1}>
      <p>
        <strong>
          {outcome.files.length}件のファイルを受け取りました。
          <En>
            We have received {outcome.files.length} {outcome.files.length === 1 ? 'file' : 'files'}.
          </En>
        </strong>
      </p>
      <p>
        ウイルス検査のあと、相談員が見ます。下の SHA-256
        は、届いたファイルの「指紋」です。あとで窓口に渡ったファイルが同じものか確かめるときに使えます。
        <En>
          A counsellor will look at them after a virus check. The SHA-256 below is each file&apos;s
          fingerprint: it lets anyone check later that a help desk has exactly the file you sent.
        </En>
      </p>
      <ul className="evidence-files">
        {outcome.files.map((file, index) => (
          <ReceivedFile key={`${index}-${file.sha256}`} file={file} />
        ))}
      </ul>
    </div>
  );
}
