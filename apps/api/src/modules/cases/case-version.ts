import type { Prisma } from '@madoguchi/db';
import { caseNotFound, fieldError, versionConflict } from './case-errors';
import type { CaseSummaryRow, CasesRepository, Tx } from './cases.repository';

// A case's optimistic concurrency: every versioned write (fields, categories, status) takes the
// version the client read, is refused early when that is already stale, and is applied by a
// conditional UPDATE that bumps it.

const IF_MATCH = /^(?:W\/)?"?(\d{1,9})"?$/;

/** The version to update from: `version` in the body or the `If-Match` header (they must agree). */
export function resolveVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number {
  let headerVersion: number | undefined;
  if (ifMatch !== undefined) {
    const match = IF_MATCH.exec(ifMatch.trim());
    if (!match) {
      throw fieldError('If-Match', 'invalid_format', {
        ja: 'If-Match には読み込んだときの版(version)の数字を入れてください',
        en: 'If-Match must carry the version number that was read',
      });
    }
    headerVersion = Number(match[1]);
  }
  if (bodyVersion !== undefined && headerVersion !== undefined && bodyVersion !== headerVersion) {
    throw fieldError('version', 'version_mismatch', {
      ja: 'version と If-Match の値が違います',
      en: 'version and If-Match disagree',
    });
  }
  const version = bodyVersion ?? headerVersion;
  if (version === undefined) {
    throw fieldError('version', 'required', {
      ja: '読み込んだときの版(version)を送ってください',
      en: 'Send the version of the case you read (version or If-Match)',
    });
  }
  return version;
}

/** The case as stored, refused early when the client's version is already stale. */
export async function loadCaseAt(
  repository: CasesRepository,
  id: string,
  version: number,
): Promise<CaseSummaryRow> {
  const current = await repository.findSummary(id);
  if (!current) {
    throw caseNotFound(id);
  }
  if (current.version !== version) {
    throw versionConflict(current.version);
  }
  return current;
}

/** The check above can race; the conditional UPDATE is what actually guarantees no lost update. */
export async function writeCaseAt(
  repository: CasesRepository,
  tx: Tx,
  change: { id: string; version: number; data: Prisma.CaseUncheckedUpdateManyInput },
): Promise<void> {
  if (await repository.updateVersioned(tx, change.id, change.version, change.data)) {
    return;
  }
  const currentVersion = await repository.currentVersion(change.id, tx);
  throw currentVersion === null ? caseNotFound(change.id) : versionConflict(currentVersion);
}
