import { z } from 'zod';

import { staffApiDownload } from '../../../../../../lib/staff-api';

const FILES = { letter: 'report.pdf', 'client-copy': 'client-copy.pdf' } as const;

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
  return staffApiDownload(`/referrals/${id}/${FILES[file as keyof typeof FILES]}`);
}
