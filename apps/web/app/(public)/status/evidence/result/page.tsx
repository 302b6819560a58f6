import type { Metadata } from 'next';
import Link from 'next/link';

import { openOutcome } from '../../../../../modules/evidence/evidence-result-token';
import { EvidenceOutcomeView } from '../../../../../modules/evidence/evidence-outcome-view';
import { En } from '../../../../../modules/ui/en';

export const metadata: Metadata = {
  title: 'ファイルの送信結果 / Your files',
  robots: { index: false, follow: false },
};

// The answer is in the query (a sealed token from the upload's route handler): rendered for each request.
export const dynamic = 'force-dynamic';

type TResultPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Where a plain form POST of evidence (no JavaScript) lands: what was received, or why it was refused. */
export default async function EvidenceResultPage({ searchParams }: TResultPageProps) {
  const { r } = await searchParams;
  const outcome = typeof r === 'string' ? openOutcome(r) : undefined;
  return (
    <div className="container stack">
      <h1>
        ファイルの送信結果
        <En>Your files</En>
      </h1>
      {outcome ? (
        <EvidenceOutcomeView outcome={outcome} />
      ) : (
        <>
          <p>この結果は、表示できる時間(30分)が過ぎたか、読み取れませんでした。</p>
          <En as="p">This result has expired (after 30 minutes) or cannot be read.</En>
        </>
      )}
      <p>
        ほかのファイルを送るときや、相談員からのお知らせを見るときは、状況のページで受付番号とアクセスコードを入れてください。
      </p>
      <En as="p">
        To send more files or read the counsellor&apos;s messages, enter your receipt number and access code
        on the status page.
      </En>
      <Link className="button button--secondary" href="/status">
        状況のページへ
        <En>Go to the status page</En>
      </Link>
    </div>
  );
}
