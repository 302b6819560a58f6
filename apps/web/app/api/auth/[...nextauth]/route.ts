import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';

import { authOptions } from '../../../../lib/auth';

type TContext = { params: Promise<{ nextauth: string[] }> };

// The options are built per request: they read the secret and the cookie name from the environment.
async function handler(request: NextRequest, context: TContext): Promise<Response> {
  return (await NextAuth(request, context, authOptions())) as Response;
}

export { handler as GET, handler as POST };
