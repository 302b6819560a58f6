// The exposure report's reads (who could read which personal data in a period, from the audit log), shared by the
// API's GET /privacy/exposure and `npm run privacy:exposure`: the same rows and names, grouped by the same
// buildExposure (packages/shared/src/privacy-exposure.ts).
import {
  buildExposure,
  EXPOSURE_ACTIONS,
  exposureLookups,
  type TExposureActorReport,
} from '@madoguchi/shared';
import type { DbClient } from './client';

/** Receipt numbers that name no case (the caller answers 404 or a usage error). */
export class UnknownReceipts extends Error {
  constructor(readonly receiptNumbers: string[]) {
    super(`No case with receipt number ${receiptNumbers.join(', ')}`);
  }
}

/**
 * The actors of [from, to), optionally for some cases only (by receipt number, canonical form). With cases, only
 * their audit rows count, plus searches (whose results are in the row's meta, not its case id) and the referral
 * register export (every case of a period).
 */
export async function readExposure(
  db: DbClient,
  input: { from: Date; to: Date; receiptNumbers: readonly string[] },
): Promise<TExposureActorReport[]> {
  let caseIds: string[] | undefined;
  if (input.receiptNumbers.length > 0) {
    const found = await db.case.findMany({
      where: { receiptNumber: { in: [...input.receiptNumbers] } },
      select: { id: true, receiptNumber: true },
    });
    const known = new Set(found.map((row) => row.receiptNumber));
    const unknown = input.receiptNumbers.filter((receipt) => !known.has(receipt));
    if (unknown.length > 0) {
      throw new UnknownReceipts(unknown);
    }
    caseIds = found.map((row) => row.id);
  }
  const rows = await db.auditLog.findMany({
    where: {
      at: { gte: input.from, lt: input.to },
      action: { in: [...EXPOSURE_ACTIONS] },
      ...(caseIds
        ? {
            OR: [
              { caseId: { in: caseIds } },
              { action: { in: ['case.search', 'referral.register_export'] } },
            ],
          }
        : {}),
    },
    orderBy: { id: 'asc' },
    select: {
      at: true,
      actorId: true,
      actorRole: true,
      action: true,
      entity: true,
      entityId: true,
      caseId: true,
      meta: true,
    },
  });
  const lookups = exposureLookups(rows);
  // Referral ids come from audit rows' entity ids: only well-formed ones are looked up.
  const referralIds = lookups.referralIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  const [staff, cases, referrals] = await Promise.all([
    // Deactivated staff included: the log outlives accounts.
    db.user.findMany({ where: { id: { in: lookups.staffIds } }, select: { id: true, displayName: true } }),
    db.case.findMany({ where: { id: { in: lookups.caseIds } }, select: { id: true, receiptNumber: true } }),
    db.referral.findMany({
      where: { id: { in: referralIds } },
      select: { id: true, windowSlug: true, window: { select: { nameJa: true } } },
    }),
  ]);
  return buildExposure({
    rows,
    names: {
      staff: new Map(staff.map((row) => [row.id, row.displayName])),
      receipts: new Map(cases.map((row) => [row.id, row.receiptNumber])),
      referralWindows: new Map(
        referrals.map((row) => [row.id, { slug: row.windowSlug, name: row.window.nameJa }]),
      ),
    },
    caseIds: caseIds ? new Set(caseIds) : undefined,
  });
}
