'use server';

import {
  canonicalReceiptNumber,
  type TCaseSearchInput,
  type TCaseStatus,
  type TLocalized,
  ZCaseIdentifierCreate,
  ZCaseLinkCreate,
  ZCaseList,
  ZCaseNote,
  ZCaseStatusChange,
  ZCaseUpdate,
  ZConfirmCategories,
  ZContactLog,
  ZCreatePublicMessage,
  ZCreateReferral,
  ZReferral,
  ZReferralStatusRequest,
  ZTimelineItem,
  ZCaseSummary,
  ZCaseLinkView,
} from '@madoguchi/shared';
import { z } from 'zod';

import { requireStaff } from '../../lib/auth';
import { staffApi, ZNoContent } from '../../lib/staff-api';
import { fromApiError, invalid, succeeded, type TActionResult } from '../dashboard/action-result';
import { fromTokyoDateTimeLocal } from '../dashboard/format';
import { sendAction } from '../dashboard/send-action';

/*
 * Case actions, called from the case page's client components. Server actions are public endpoints:
 * each one checks the session (staffApi → requireStaff) and validates its input with the shared
 * schema the API uses, then calls the API with the signed-in person's token (sendAction) and
 * revalidates the case page.
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
  return sendAction({
    method: 'PATCH',
    path: `/cases/${caseId}`,
    body: ZCaseUpdate.safeParse({ ...changes, version }),
    schema: ZCaseSummary,
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
  return sendAction({
    method: 'POST',
    path: `/cases/${input.caseId}/status`,
    body: ZCaseStatusChange.safeParse({
      status: input.to,
      reason: input.reason.trim() ? input.reason : undefined,
      version: input.version,
    }),
    schema: ZCaseSummary,
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
  return sendAction({
    method: 'PUT',
    path: `/cases/${input.caseId}/categories`,
    body: ZConfirmCategories.safeParse({
      categories: input.categories,
      reason: input.reason.trim() ? input.reason : undefined,
      version: input.version,
    }),
    schema: ZCaseSummary,
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
  let path: string;
  let body: z.ZodSafeParseResult<unknown>;
  let message: TLocalized;
  switch (input.kind) {
    case 'note':
      path = 'notes';
      body = ZCaseNote.safeParse({ body: input.body });
      message = { ja: '内部メモを追加しました。', en: 'Note added.' };
      break;
    case 'message':
      path = 'messages';
      body = ZCreatePublicMessage.safeParse({ body: input.body });
      message = {
        ja: 'メッセージを相談者の確認ページに載せました。',
        en: "Message posted to the person's status page.",
      };
      break;
    case 'contact': {
      path = 'contacts';
      const occurredAt = fromTokyoDateTimeLocal(input.occurredAt ?? '');
      const minutes = input.durationMinutes?.trim();
      body = ZContactLog.safeParse({
        direction: input.direction,
        channel: input.channel,
        occurredAt: occurredAt ?? input.occurredAt,
        durationMinutes: minutes ? Number(minutes) : undefined,
        summary: input.body,
      });
      message = { ja: '連絡記録を追加しました。', en: 'Contact logged.' };
      break;
    }
    default:
      return input.kind satisfies never;
  }
  return sendAction({
    method: 'POST',
    path: `/cases/${input.caseId}/${path}`,
    body,
    schema: ZTimelineItem,
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
  return sendAction({
    method: 'POST',
    path: `/cases/${input.caseId}/identifiers`,
    body: ZCaseIdentifierCreate.safeParse({ kind: input.kind, value: input.value }),
    schema: ZNoContent,
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
  return sendAction({
    method: 'DELETE',
    path: `/cases/${input.caseId}/identifiers/${input.identifierId}`,
    schema: ZNoContent,
    revalidate: casePage(input.caseId),
    success: () => succeeded({ ja: '識別情報を外しました。', en: 'Identifier removed.' }, undefined),
  });
}

/** Links by receipt number (what a counselor has at hand), found through the queue's search. */
export async function linkCase(input: {
  caseId: string;
  receiptNumber: string;
  note: string;
}): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success) {
    return badId();
  }
  const receipt = canonicalReceiptNumber(input.receiptNumber);
  const notFound = invalid([
    {
      path: 'receiptNumber',
      code: 'not_found',
      message: { ja: 'この受付番号の相談は見つかりません', en: 'No case has this receipt number' },
    },
  ]);
  if (!receipt) {
    return notFound;
  }
  const search = await staffApi({
    method: 'POST',
    path: '/cases/search',
    body: { q: receipt, limit: 10 } satisfies TCaseSearchInput,
    schema: ZCaseList,
  });
  if (!search.ok) {
    return fromApiError(search.error);
  }
  const target = search.data.items.find((item) => item.receiptNumber === receipt);
  if (!target) {
    return notFound;
  }
  if (target.id === input.caseId) {
    return invalid([
      {
        path: 'receiptNumber',
        code: 'self',
        message: { ja: 'この相談自身とは関連付けできません', en: 'A case cannot be linked to itself' },
      },
    ]);
  }
  return sendAction({
    method: 'POST',
    path: `/cases/${input.caseId}/links`,
    body: ZCaseLinkCreate.safeParse({
      linkedCaseId: target.id,
      note: input.note.trim() ? input.note : undefined,
    }),
    schema: ZCaseLinkView,
    revalidate: casePage(input.caseId),
    success: () =>
      succeeded({ ja: `${receipt} と関連付けました。`, en: `Linked with ${receipt}.` }, undefined),
  });
}

export async function unlinkCase(input: { caseId: string; linkedCaseId: string }): Promise<TActionResult> {
  if (!ZId.safeParse(input.caseId).success || !ZId.safeParse(input.linkedCaseId).success) {
    return badId();
  }
  return sendAction({
    method: 'DELETE',
    path: `/cases/${input.caseId}/links/${input.linkedCaseId}`,
    schema: ZNoContent,
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
  acknowledgeWarnings: boolean;
}): Promise<TActionResult<{ referralId: string }>> {
  if (!ZId.safeParse(input.caseId).success) {
    return badId();
  }
  return sendAction({
    method: 'POST',
    path: `/cases/${input.caseId}/referrals`,
    body: ZCreateReferral.safeParse({
      windowSlug: input.windowSlug,
      reason: input.reason,
      method: input.method,
      consent: { givenBy: input.givenBy, fields: input.fields },
      ...(input.acknowledgeWarnings ? { acknowledgeWarnings: true } : {}),
    }),
    schema: ZReferral,
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
  return sendAction({
    method: 'POST',
    path: `/referrals/${input.referralId}/status`,
    body: ZReferralStatusRequest.safeParse({
      to: input.to,
      note: input.note.trim() ? input.note : undefined,
      version: input.version,
    }),
    schema: ZReferral,
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
