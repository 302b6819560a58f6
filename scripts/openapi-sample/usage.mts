// What an integrator (a prefecture's portal, a partner window) writes against a client generated from
// /api/docs-json: `npm run openapi:check` generates ../../artifacts/openapi/schema.d.ts and type-checks this file,
// so a description that loses a parameter, a body or a reply schema fails CI. An ES module (.mts) as an
// integrator's code would be; the extension also keeps it out of scripts/tsconfig.json (`**/*.ts`), since the
// schema it imports exists only after the check has generated it.
import createClient from 'openapi-fetch';
import type { paths } from '../../artifacts/openapi/schema';

type TCaseStatus = 'new' | 'triaged' | 'in_progress' | 'referred' | 'awaiting_client' | 'closed';

const api = createClient<paths>({ baseUrl: 'https://madoguchi.example.jp' });

export async function openWindowsFor(category: 'phishing' | 'online_fraud'): Promise<string[]> {
  const { data, error } = await api.GET('/api/v1/windows', {
    params: { query: { category, openNow: 'true' } },
  });
  if (error) {
    throw new Error(`${error.code}: ${error.message.en}`);
  }
  return data.map((window) => `${window.name.ja} (${window.slug})`);
}

export async function submit(description: string): Promise<{ receiptNumber: string; urgency: string }> {
  const { data, error } = await api.POST('/api/v1/intakes', {
    body: { description, category: 'phishing', contact: { preferred: 'none' }, consentToShare: false },
  });
  if (error) {
    throw new Error(error.code);
  }
  return { receiptNumber: data.receiptNumber, urgency: data.triage.urgency };
}

export async function caseStatus(id: string, token: string) {
  const { data } = await api.GET('/api/v1/cases/{id}', {
    params: { path: { id } },
    headers: { authorization: `Bearer ${token}` },
  });
  if (!data) {
    return undefined;
  }
  const status: TCaseStatus = data.status;
  const version: number = data.version;
  const assignee: string | undefined = data.assignee?.displayName;
  return { status, version, assignee };
}

export async function typosDoNotCompile() {
  // @ts-expect-error: not a trouble category
  await api.GET('/api/v1/windows', { params: { query: { category: 'no-such-category' } } });
  // @ts-expect-error: the path parameter is required
  await api.GET('/api/v1/cases/{id}', {});
  // @ts-expect-error: an intake needs a description
  await api.POST('/api/v1/intakes', { body: { category: 'phishing' } });
}
