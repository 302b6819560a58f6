'use server';

import {
  canonicalReceiptNumber,
  contract,
  fromTokyoDateTimeLocal,
  type TCaseListItem,
  type TCaseStatus,
  type TLocalized,
} from '@madoguchi/shared';
import { z } from 'zod';

import { requireStaff } from '../../lib/auth';
import { staffCall } from '../../lib/staff-api';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { sendAction } from '../dashboard/send-action';

/*
 * Case actions, called from the case page's client components. Server actions are public endpoints:
 * each one checks the session (staffCall → requireStaff) and validates its input with the route's
 * own schema, then calls the API with the signed-in person's token (sendAction) and revalidates the
 * case page.
 */

const ZId = z.uuid();

function badId(): TActionResult<never> {
  return invalid([], { ja: '相談が見つかりません。', en: 'The case was not found.' });
}

function casePage(caseId: string): string {
  return `/cases/${caseId}`;
}

type TVersioned = { caseId: string; version: number };

async function patchCase(
  { caseId, version }: TVersioned,
  changes: Record<string, unknown>,
  message: TLocalized,
): Promise<TActionResult> {
  if (!ZId.safeParse(caseId).success) {
    return badId();
  }
  return sendAction(contract.cases.update, {
    params: { id: caseId },
    body: { ...changes, version },
    revalidate: casePage(caseId),
    success: () => succeeded(message, undefined),
  });
}

export async function assignCase(input: TVersioned & { assigneeId: string | null }): Promise<TActionResult> {
  return patchCase(
    input,
    { assigneeId: input.assigneeId },
    {
      ja: input.assigneeId === null ? '担当を外しました。' : '担当者を変更しました。',
      en: input.assigneeId === null ? 'Unassigned.' : 'Assignee changed.',
    },
  );
}

export async function changePriority(
  input: TVersioned & { priority: string; reason: string },
): Promise<TActionResult> {
  return patchCase(
    input,
    { priority: input.priority, priorityReason: input.reason },
    {
      ja: '優先度を変更しました。',
      en: 'Priority changed.',
    },
  );
}

export async function updateCaseDetails(
  input: TVersioned & { summary: string; tags: string; followUpAt: string },
): Promise<TActionResult> {
  const followUpAt = input.followUpAt.trim() ? fromTokyoDateTimeLocal(input.followUpAt.trim()) : null;
  if (input.followUpAt.trim() && !followUpAt) {
    return invalid([
      {
        path: 'followUpAt',
        code: 'invalid_format',
        message: { ja: '日時を正しく入れてください', en: 'Enter a valid date and time' },
      },
    ]);
  }
  const tags = input.tags
    .split(/[,、\n]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
  return patchCase(
    input,
    { summary: input.summary.trim() ? input.summary : null, tags, followUpAt },
    { ja: '要約・タグ・フォロー日を保存しました。', en: 'Summary, tags and follow-up saved.' },
  );
}

export async function changeCaseStatus(
  input: TVersioned & { to: TCaseStatus; reason: string },
): Promise<TActionResult> {
  await requireStaff();
  if (!ZId.safeParse(input.caseId).success) {
    return badId();
  }
  return sendAction(contract.cases.changeStatus, {
    params: { id: input.caseId },
    body: {
      status: input.to,
      reason: input.reason.trim() ? input.reason : undefined,
      version: input.version,
    },
    revalidate: casePage(input.caseId),
    success: () => succeeded({ ja: '状態を変更しました。', en: 'Status changed.' }, undefined),
  });
}

export async function confirmCategories(
  input: TVersioned & { categories: string[]; reason: string },
): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success) {
    return badId();
  }
  return sendAction(contract.cases.confirmCategories, {
    params: { id: input.caseId },
    body: {
      categories: input.categories,
      reason: input.reason.trim() ? input.reason : undefined,
      version: input.version,
    },
    revalidate: casePage(input.caseId),
    success: () => succeeded({ ja: '相談の種類を確定しました。', en: 'Categories confirmed.' }, undefined),
  });
}

export type TRecordKind = 'note' | 'contact' | 'message';

export async function addRecord(input: {
  caseId: string;
  kind: TRecordKind;
  body: string;
  direction?: string;
  channel?: string;
  occurredAt?: string;
  durationMinutes?: string;
}): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success) {
    return badId();
  }
  let route:
    typeof contract.cases.addNote | typeof contract.cases.addContact | typeof contract.cases.addMessage;
  let body: unknown;
  let message: TLocalized;
  switch (input.kind) {
    case 'note':
      route = contract.cases.addNote;
      body = { body: input.body };
      message = { ja: '内部メモを追加しました。', en: 'Note added.' };
      break;
    case 'message':
      route = contract.cases.addMessage;
      body = { body: input.body };
      message = {
        ja: 'メッセージを相談者の確認ページに載せました。',
        en: "Message posted to the person's status page.",
      };
      break;
    case 'contact': {
      route = contract.cases.addContact;
      const occurredAt = fromTokyoDateTimeLocal(input.occurredAt ?? '');
      const minutes = input.durationMinutes?.trim();
      body = {
        direction: input.direction,
        channel: input.channel,
        occurredAt: occurredAt ?? input.occurredAt,
        durationMinutes: minutes ? Number(minutes) : undefined,
        summary: input.body,
      };
      message = { ja: '連絡記録を追加しました。', en: 'Contact logged.' };
      break;
    }
    default:
      return input.kind satisfies never;
  }
  return sendAction(route, {
    params: { id: input.caseId },
    body,
    revalidate: casePage(input.caseId),
    success: () => succeeded(message, undefined),
  });
}

export async function addIdentifier(input: {
  caseId: string;
  kind: string;
  value: string;
}): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success) {
    return badId();
  }
  return sendAction(contract.cases.addIdentifier, {
    params: { id: input.caseId },
    body: { kind: input.kind, value: input.value },
    revalidate: casePage(input.caseId),
    success: () => succeeded({ ja: '識別情報を追加しました。', en: 'Identifier added.' }, undefined),
  });
}

export async function removeIdentifier(input: {
  caseId: string;
  identifierId: string;
}): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success || !ZId.safeParse(input.identifierId).success) {
    return badId();
  }
  return sendAction(contract.cases.removeIdentifier, {
    params: { id: input.caseId, identifierId: input.identifierId },
    revalidate: casePage(input.caseId),
    success: () => succeeded({ ja: '識別情報を外しました。', en: 'Identifier removed.' }, undefined),
  });
}

/** Links by receipt number (what a counselor has at hand), found through the queue's search. */
/**
 * The case a typed receipt number names (with or without its hyphen), for forms that point at another case (link,
 * merge): the case's queue item, or the action result to show (a field error on receiptNumber, or the API's error).
 */
export async function caseByReceipt(
  receiptNumber: string,
): Promise<{ ok: true; item: TCaseListItem } | { ok: false; result: TActionResult }> {
  const receipt = canonicalReceiptNumber(receiptNumber);
  const notFound = {
    ok: false as const,
    result: invalid([
      {
        path: 'receiptNumber',
        code: 'not_found',
        message: { ja: 'この受付番号の相談は見つかりません', en: 'No case has this receipt number' },
      },
    ]),
  };
  if (!receipt) {
    return notFound;
  }
  const search = await staffCall(contract.cases.search, { body: { q: receipt, limit: 10 } });
  if (!search.ok) {
    return { ok: false, result: fromApiError(search.error) };
  }
  const item = search.data.items.find((candidate) => candidate.receiptNumber === receipt);
  return item ? { ok: true, item } : notFound;
}

export async function linkCase(input: {
  caseId: string;
  receiptNumber: string;
  note: string;
}): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success) {
    return badId();
  }
  const found = await caseByReceipt(input.receiptNumber);
  if (!found.ok) {
    return found.result;
  }
  const target = found.item;
  if (target.id === input.caseId) {
    return invalid([
      {
        path: 'receiptNumber',
        code: 'self',
        message: { ja: 'この相談自身とは関連付けできません', en: 'A case cannot be linked to itself' },
      },
    ]);
  }
  return sendAction(contract.cases.addLink, {
    params: { id: input.caseId },
    body: { linkedCaseId: target.id, note: input.note.trim() ? input.note : undefined },
    revalidate: casePage(input.caseId),
    success: () =>
      succeeded(
        { ja: `${target.receiptNumber} と関連付けました。`, en: `Linked with ${target.receiptNumber}.` },
        undefined,
      ),
  });
}

export async function unlinkCase(input: { caseId: string; linkedCaseId: string }): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success || !ZId.safeParse(input.linkedCaseId).success) {
    return badId();
  }
  return sendAction(contract.cases.removeLink, {
    params: { id: input.caseId, linkedCaseId: input.linkedCaseId },
    revalidate: casePage(input.caseId),
    success: () => succeeded({ ja: '関連付けを外しました。', en: 'Link removed.' }, undefined),
  });
}

export async function createReferral(input: {
  caseId: string;
  windowSlug: string;
  reason: string;
  method: string;
  givenBy: string;
  fields: string[];
  /** Evidence files the person agreed to share with the window (none: the key is left out). */
  evidenceFileIds?: string[];
  acknowledgeWarnings: boolean;
}): Promise<TActionResult<{ referralId: string }>> {
  if (!ZId.safeParse(input.caseId).success) {
    return badId();
  }
  return sendAction(contract.referrals.create, {
    params: { caseId: input.caseId },
    body: {
      windowSlug: input.windowSlug,
      reason: input.reason,
      method: input.method,
      consent: {
        givenBy: input.givenBy,
        fields: input.fields,
        ...(input.evidenceFileIds?.length ? { evidenceFileIds: input.evidenceFileIds } : {}),
      },
      ...(input.acknowledgeWarnings ? { acknowledgeWarnings: true } : {}),
    },
    revalidate: casePage(input.caseId),
    success: (referral) =>
      succeeded(
        {
          ja: `紹介 ${referral.referralNumber} を下書きとして作成しました。送ったら「紹介済み」にしてください。`,
          en: `Referral ${referral.referralNumber} created as a draft. Mark it sent once it has gone out.`,
        },
        { referralId: referral.id },
      ),
  });
}

export async function changeReferralStatus(input: {
  caseId: string;
  referralId: string;
  version: number;
  to: string;
  note: string;
}): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success || !ZId.safeParse(input.referralId).success) {
    return badId();
  }
  return sendAction(contract.referrals.changeStatus, {
    params: { id: input.referralId },
    body: {
      to: input.to,
      note: input.note.trim() ? input.note : undefined,
      version: input.version,
    },
    revalidate: casePage(input.caseId),
    success: (referral) =>
      succeeded(
        {
          ja: `紹介を「${referral.statusLabel.ja}」にしました。`,
          en: `Referral marked "${referral.statusLabel.en}".`,
        },
        undefined,
      ),
  });
}
