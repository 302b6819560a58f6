import { contract, type TCaseList } from '@madoguchi/shared';
import { render, screen } from '@testing-library/react';
import { redirect } from 'next/navigation';

import { staffCall } from '../../../lib/staff-api';
import { openSearchToken, SEARCH_TOKEN_TTL_MS, sealSearchTerm } from '../../../modules/cases/search-token';
import CasesPage from './page';

// The queue page as the server renders it, with the API's replies arranged here.
const SECRET = 'cases-page-test-secret-of-32-characters-or-more';
const TERM = '山田 090-1234-5678';

jest.mock('../../../lib/auth', () => ({
  requireStaff: jest.fn(async () => ({ sub: 'u1', role: 'counselor' })),
}));
jest.mock('../../../lib/staff-api', () => ({ staffCall: jest.fn() }));
jest.mock('../../../modules/auth/session-token', () => ({ sessionSecret: () => SECRET }));
// A server action (next/cache underneath): the page only hands it to the queue's bulk form.
jest.mock('../../../modules/cases/bulk-actions', () => ({ bulkUpdateCases: jest.fn() }));
jest.mock('next/navigation', () => ({
  useRouter: () => ({ refresh: jest.fn(), push: jest.fn() }),
  usePathname: () => '/cases',
  redirect: jest.fn((url: string) => {
    throw new Error(`NEXT_REDIRECT ${url}`);
  }),
}));

const LIST: TCaseList = { items: [], nextCursor: 'next_1' };

beforeEach(() => {
  jest.mocked(staffCall).mockReset();
  jest.mocked(staffCall).mockImplementation(async (route) => ({
    ok: true as const,
    status: 200,
    data: (route === contract.users.directory ? [] : LIST) as never,
  }));
});

const calledRoutes = () => jest.mocked(staffCall).mock.calls.map(([route]) => route);

async function renderPage(params: Record<string, string>) {
  render(await CasesPage({ searchParams: Promise.resolve(params) }));
}

const links = () => screen.getAllByRole('link').map((link) => link.getAttribute('href') ?? '');

describe('the queue page', () => {
  it('opens a sealed search and asks the API by POST, keeping the term out of every link', async () => {
    const token = sealSearchTerm(TERM, SECRET);
    await renderPage({ status: 'all', s: token });

    expect(staffCall).toHaveBeenCalledWith(contract.cases.search, {
      body: expect.objectContaining({ q: TERM }),
    });
    expect(calledRoutes()).not.toContain(contract.cases.list);
    // The form shows what was searched; the page's links carry only the sealed token.
    expect(screen.getByRole('searchbox', { name: /検索/ })).toHaveValue(TERM);
    expect(screen.getByRole('link', { name: /次のページ/ })).toHaveAttribute(
      'href',
      `/cases?status=all&s=${token}&cursor=next_1`,
    );
    for (const href of links()) {
      expect(decodeURIComponent(href)).not.toMatch(/山田|090|1234|5678/);
    }
  });

  it('with no match in this stretch but more to read, says to keep searching rather than "none"', async () => {
    await renderPage({ s: sealSearchTerm('林', SECRET) });
    expect(screen.getByText(/この範囲には見つかりませんでした/)).toBeInTheDocument();
    expect(screen.queryByText(/条件に合う相談はありません/)).toBeNull();
    expect(screen.getByRole('link', { name: /次のページ/ })).toBeInTheDocument();
  });

  it('lists without a search by GET /cases', async () => {
    await renderPage({ priority: 'high' });
    expect(staffCall).toHaveBeenCalledWith(contract.cases.list, {
      query: expect.objectContaining({ priority: ['high'] }),
    });
    expect(calledRoutes()).not.toContain(contract.cases.search);
  });

  it('says so when the search has expired or was tampered with, and searches nothing', async () => {
    const expired = sealSearchTerm(TERM, SECRET, Date.now() - SEARCH_TOKEN_TTL_MS - 1000);
    for (const s of [expired, `${sealSearchTerm(TERM, SECRET).slice(0, -3)}AAA`]) {
      jest.mocked(staffCall).mockClear();
      const view = render(await CasesPage({ searchParams: Promise.resolve({ status: 'new', s }) }));
      expect(view.getByRole('alert')).toHaveTextContent('有効期限');
      expect(view.getByRole('link', { name: /もう一度読み込む/ })).toHaveAttribute(
        'href',
        '/cases?status=new',
      );
      expect(calledRoutes()).toEqual([contract.users.directory]);
      view.unmount();
    }
  });

  it('turns an old link with a plain q into a sealed one at once', async () => {
    await expect(CasesPage({ searchParams: Promise.resolve({ status: 'all', q: TERM }) })).rejects.toThrow(
      'NEXT_REDIRECT',
    );
    const url = jest.mocked(redirect).mock.calls.at(-1)![0];
    expect(url).toMatch(/^\/cases\?status=all&s=[A-Za-z0-9_-]+$/);
    expect(openSearchToken(new URLSearchParams(url.split('?')[1]).get('s')!, SECRET)).toEqual({
      ok: true,
      term: TERM,
    });
    expect(staffCall).not.toHaveBeenCalled();
  });
});
