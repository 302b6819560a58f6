'use server';

import { redirect } from 'next/navigation';

import { requireStaff } from '../../lib/auth';
import { sessionSecret } from '../auth/session-token';
import { filtersFromForm, queueHref } from './queue-query';
import { sealSearchTerm } from './search-token';

/**
 * The queue's filter form (and the case page's "search all" for an identifier) posts here, with or
 * without JavaScript: the filters go into the URL as they are, the search term only sealed (`s`), so a
 * phone number or a name never reaches the address bar, the history or a bookmark. Without JavaScript
 * the redirect is a 303 to that URL; with it, a client-side navigation that adds a history entry.
 */
export async function applyQueueFilters(form: FormData): Promise<void> {
  await requireStaff();
  const { filters, term } = filtersFromForm(form);
  redirect(queueHref(term ? { ...filters, s: [sealSearchTerm(term, sessionSecret())] } : filters));
}
