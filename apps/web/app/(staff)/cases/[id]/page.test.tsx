import {
  contract,
  type TCaseDetail,
  type TCaseRetention,
  type TIntakeDraftInput,
  type TSafetyFlag,
  type TRoute,
} from '@madoguchi/shared';
import { render, screen, within } from '@testing-library/react';

import { requireStaff } from '../../../../lib/auth';
import { staffCall } from '../../../../lib/staff-api';
import { triageFor } from '../../../../modules/intake/intake-test-fixtures';
import CasePage from './page';

// The page as the server renders it, with the API's replies arranged here.
jest.mock('../../../../lib/auth', () => ({
  requireStaff: jest.fn(async () => ({ sub: '00000000-0000-4000-8000-0000000000aa', role: 'counselor' })),
}));
jest.mock('../../../../lib/staff-api', () => ({ staffCall: jest.fn() }));
jest.mock('next/navigation', () => ({
  useRouter: () => ({ refresh: jest.fn(), push: jest.fn() }),
  usePathname: () => '/cases',
  useSearchParams: () => new URLSearchParams(),
  notFound: () => {
    throw new Error('notFound');
  },
  redirect: jest.fn(),
}));
jest.mock('next/cache', () => ({ revalidatePath: jest.fn() }));
// Server-only (sealing with the session secret); the identifiers' "search all" form only needs a function.
jest.mock('../../../../modules/cases/queue-actions', () => ({ applyQueueFilters: jest.fn() }));

const CASE_ID = '0b9a4d3e-5a3e-4c7b-9f0e-2b7c1d1e8a11';

function caseDetail(draft: TIntakeDraftInput, safetyFlags?: TSafetyFlag[]): TCaseDetail {
  const result = triageFor(draft);
  return {
    id: CASE_ID,
    receiptNumber: 'K7QP-4MZT',
    status: 'new',
    urgency: result.urgency,
    priority: result.urgency,
    channel: 'web',
    pickedCategory: draft.category ?? null,
    suggestedCategories: result.categories.map((category) => category.code),
    confirmedCategories: [],
    // What the API stores with the case at intake: the same flags the triage result raises.
    safetyFlags: safetyFlags ?? [],
    assignee: null,
    tags: [],
    followUpAt: null,
    followUpOverdue: false,
    summary: null,
    version: 1,
    createdAt: '2026-11-30T01:00:00.000Z',
    updatedAt: '2026-11-30T01:00:00.000Z',
    closedAt: null,
    personAge: null,
    prefecture: null,
    callerRelation: null,
    consentToShare: false,
    intake: {
      description: draft.description ?? '',
      answers: { ...draft.answers },
      person: {},
      identifiers: {},
      contact: null,
      createdAt: '2026-11-30T01:00:00.000Z',
    },
    triage: {
      id: '00000000-0000-4000-8000-0000000000f1',
      ruleSetVersion: result.ruleSetVersion,
      urgency: result.urgency,
      result,
      createdAt: '2026-11-30T01:00:00.000Z',
    },
    identifiers: [],
    links: [],
  };
}

const STANDARD: TCaseRetention = { retentionClass: 'standard', legalHold: null, shreddedAt: null };

function arrangeApi(detail: TCaseDetail, retention: TCaseRetention = STANDARD) {
  const replies = new Map<TRoute, unknown>([
    [contract.cases.get, detail],
    [contract.cases.timeline, { items: [] }],
    [contract.referrals.listForCase, []],
    [contract.windows.list, []],
    [contract.users.directory, []],
    [contract.caseMerges.get, { mergedInto: null, merged: [] }],
    [contract.templates.list, []],
    [
      contract.evidence.list,
      { scannerConfigured: true, maxFileBytes: 10_485_760, maxFilesPerCase: 20, files: [] },
    ],
    [contract.retention.get, retention],
    [contract.personRequests.listForCase, { items: [], overdue: 0 }],
  ]);
  jest.mocked(staffCall).mockImplementation(async (route) => ({
    ok: true as const,
    status: 200,
    data: replies.get(route) as never,
  }));
}

async function renderCasePage(detail: TCaseDetail, retention?: TCaseRetention) {
  arrangeApi(detail, retention);
  render(await CasePage({ params: Promise.resolve({ id: CASE_ID }) }));
}

describe('case page', () => {
  it('opens with a banner naming each safety flag and the words that raised it', async () => {
    const detail = caseDetail(
      { category: 'sns_threat_stalking', description: '裸の写真をばらすと脅されています。もう死にたい。' },
      ['self_harm', 'intimate_images'],
    );
    await renderCasePage(detail);

    const banner = screen.getByRole('region', { name: /安全フラグ: 最初に確認してください/ });
    const items = within(banner).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    // In the fixed order of the flags, whatever order the text raised them in.
    expect(items[0]).toHaveTextContent('自殺・自傷の言葉 Self-harm words');
    expect(items[0]).toHaveTextContent('本文 / Text「死にたい」');
    expect(items[1]).toHaveTextContent('性的画像 Intimate images');
    expect(items[1]).toHaveTextContent('本文 / Text「裸の写真」');

    // At the top: straight after the case number, before the triage explanation and everything else.
    const heading = screen.getByRole('heading', { level: 1, name: /K7QP-4MZT/ });
    expect(heading.nextElementSibling).toBe(banner);
    const explanation = screen.getByRole('region', { name: /自動判定の説明/ });
    expect(banner.compareDocumentPosition(explanation)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);

    // The explanation lists the same signals with their phrase as written.
    const signals = within(explanation).getAllByTestId<HTMLTableRowElement>('triage-signal');
    expect(signals.map((row) => row.cells[2]?.textContent)).toEqual(['「裸の写真」', '「死にたい」']);
  });

  it('raises the flag from the triage result even when the case row has none stored', async () => {
    await renderCasePage(caseDetail({ description: 'いま家の前に元交際相手がいて、殺すと言われています。' }));

    const banner = screen.getByRole('region', { name: /安全フラグ/ });
    const flags = within(banner)
      .getAllByRole('listitem')
      .map((item) => item.querySelector('[data-flag]')?.getAttribute('data-flag'));
    expect(flags).toEqual(['danger_now', 'threat_to_life']);
    expect(banner).toHaveTextContent('危険が迫っている Danger now');
    expect(banner).toHaveTextContent('命・体への脅し Threat to life');
    expect(banner).toHaveTextContent('本文 / Text「殺す」');
  });

  it('shows the disagreements between the answers and the text in the triage explanation', async () => {
    const detail = caseDetail({
      category: 'fictitious_billing',
      description: 'アダルトサイトで登録完了と出て、5万円払ってしまった。',
      answers: { paid: false },
    });
    await renderCasePage(detail);

    const phrase = detail.triage!.result.disagreements[0]!.phrase;
    const explanation = screen.getByRole('region', { name: /自動判定の説明/ });
    expect(within(explanation).getByTestId('triage-disagreements')).toHaveTextContent(
      `回答: いいえ / 本文: 『${phrase}』`,
    );
  });

  it('has no banner for a case without safety flags', async () => {
    await renderCasePage(
      caseDetail({ category: 'fictitious_billing', description: 'アダルトサイトで登録完了と出た' }),
    );

    expect(screen.getByRole('heading', { level: 1, name: /K7QP-4MZT/ })).toBeVisible();
    expect(screen.queryByRole('region', { name: /安全フラグ/ })).toBeNull();
  });

  it('reads the case, its timeline and its referrals by contract route, with the id from the URL', async () => {
    await renderCasePage(caseDetail({ description: 'SMSのリンクを開いてしまった' }));

    expect(staffCall).toHaveBeenCalledWith(contract.cases.get, { params: { id: CASE_ID } });
    expect(staffCall).toHaveBeenCalledWith(contract.cases.timeline, { params: { id: CASE_ID } });
    expect(staffCall).toHaveBeenCalledWith(contract.referrals.listForCase, { params: { caseId: CASE_ID } });
  });

  it('searches all cases sharing an identifier by a form, never by a URL carrying the number', async () => {
    const detail = caseDetail({ description: '090-8765-4321 から電話がありました' });
    const other = {
      receiptNumber: 'AB23-CD45',
      status: 'new' as const,
      createdAt: '2026-11-29T01:00:00.000Z',
    };
    detail.identifiers = [
      {
        id: '00000000-0000-4000-8000-0000000000b1',
        kind: 'phone',
        value: '+819087654321',
        display: '090-8765-4321',
        source: 'text',
        addedAt: '2026-11-30T01:00:00.000Z',
        otherCases: {
          count: 12,
          items: Array.from({ length: 10 }, (_, i) => ({
            ...other,
            id: `00000000-0000-4000-8000-0000000001${i}0`,
          })),
        },
        inRegistry: false,
        registry: null,
      },
    ];
    await renderCasePage(detail);

    const button = screen.getByRole('button', { name: /すべて検索する/ });
    const form = button.closest('form')!;
    expect(Object.fromEntries(new FormData(form))).toMatchObject({ status: 'all', q: '+819087654321' });
    for (const link of screen.getAllByRole('link')) {
      expect(decodeURIComponent(link.getAttribute('href') ?? '')).not.toMatch(/8765|4321/);
    }
  });

  it("says a shredded case's personal data was deleted, and offers no retention form any more", async () => {
    jest
      .mocked(requireStaff)
      .mockResolvedValueOnce({ sub: '00000000-0000-4000-8000-0000000000aa', role: 'admin' } as never);
    await renderCasePage(caseDetail({ description: '' }), {
      ...STANDARD,
      shreddedAt: '2026-12-01T03:00:00.000Z',
    });

    // Near the top, as a status: the person's data is gone, the statistics fields stay.
    expect(screen.getByText(/この相談の個人情報/)).toHaveTextContent(
      /この相談の個人情報.*削除されました.*personal data.*was deleted/,
    );
    expect(screen.getByText(/削除済みのため変更できません/)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: /保存期間の区分/ })).toBeNull();
  });

  it("offers supervisors the retention form with the legal hold's reason; counselors only read it", async () => {
    const held: TCaseRetention = {
      retentionClass: 'legal_hold',
      legalHold: { reason: '訴訟のため保全', at: '2026-12-01T03:00:00.000Z', byId: null },
      shreddedAt: null,
    };
    jest
      .mocked(requireStaff)
      .mockResolvedValueOnce({ sub: '00000000-0000-4000-8000-0000000000aa', role: 'supervisor' } as never);
    await renderCasePage(caseDetail({ description: '請求が来た' }), held);

    const form = screen.getByRole('form', { name: /保存期間の区分/ });
    expect(within(form).getByRole('radio', { name: /法的保全/ })).toBeChecked();
    expect(within(form).getByRole('textbox', { name: /法的保全の理由/ })).toHaveValue('訴訟のため保全');
    expect(Object.fromEntries(new FormData(form as HTMLFormElement))).toMatchObject({
      retentionClass: 'legal_hold',
      reason: '訴訟のため保全',
    });
    expect(screen.queryByText(/削除されました/)).toBeNull();
  });

  it('shows counselors the class without the form', async () => {
    await renderCasePage(caseDetail({ description: '請求が来た' }));

    expect(screen.getByText(/終了後一定期間で削除/)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: /保存期間の区分/ })).toBeNull();
  });
});
