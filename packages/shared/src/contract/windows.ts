import { z } from 'zod';

import { ZUpdateReferralWindow, ZWindowSlugParams, ZWindowsQuery, ZWindowView } from '../windows-api.schema';
import { route } from './route';

export const windowsContract = {
  list: route({
    operationId: 'listWindows',
    tag: 'windows',
    method: 'GET',
    path: '/windows',
    summary: 'The directory of outside consultation windows, with open-now state',
    access: 'public',
    query: ZWindowsQuery,
    reply: z.array(ZWindowView),
    errors: ['forbidden'],
  }),
  get: route({
    operationId: 'getWindow',
    tag: 'windows',
    method: 'GET',
    path: '/windows/:slug',
    summary: 'One consultation window',
    access: 'public',
    params: ZWindowSlugParams,
    reply: ZWindowView,
    errors: ['not_found'],
  }),
  update: route({
    operationId: 'updateWindow',
    tag: 'windows',
    method: 'PATCH',
    path: '/windows/:slug',
    summary: 'Edit a window: hours, closures, eligibility, phones, notes, last verified, active',
    access: 'windows.manage',
    params: ZWindowSlugParams,
    body: ZUpdateReferralWindow,
    reply: ZWindowView,
    errors: ['not_found'],
  }),
};
