import { contract } from '@madoguchi/shared';
import { z } from 'zod';

import { staffFile } from '../../../../../../lib/staff-api';

const FILES = {
  letter: contract.reports.referralLetter,
  'client-copy': contract.reports.clientCopy,
} as const;

type TContext = { params: Promise<{ id: string; file: string }> };

/**
 * The referral letter and the client copy, fetched from the API with the session's token and passed
 * through to the browser (which never holds the token). The API records each letter as a disclosure.
 */
export async function GET(_request: Request, context: TContext): Promise<Response> {
  const { id, file } = await context.params;
  if (!z.uuid().safeParse(id).success || !Object.hasOwn(FILES, file)) {
    return Response.json({ code: 'not_found' }, { status: 404 });
  }
  return staffFile(FILES[file as keyof typeof FILES], { params: { id } });
}
