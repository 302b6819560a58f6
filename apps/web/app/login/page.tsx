import { redirect } from 'next/navigation';

import { getStaffSession } from '../../lib/auth';
import { forcedStep, forcedStepPath } from '../../modules/auth/forced-step';
import { LoginForm } from '../../modules/auth/login-form';
import { LOGIN_NOTICES, safeCallbackPath, type TLoginNotice } from '../../modules/auth/login-messages';

type TLoginPageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function noticeFor(reason: string | undefined) {
  return reason && Object.hasOwn(LOGIN_NOTICES, reason) ? LOGIN_NOTICES[reason as TLoginNotice] : undefined;
}

export default async function LoginPage({ searchParams }: TLoginPageProps) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(first(params.callbackUrl));
  const session = await getStaffSession();
  if (session) {
    const step = forcedStep(session);
    redirect(step ? forcedStepPath(step) : callbackPath);
  }
  return <LoginForm callbackPath={callbackPath} notice={noticeFor(first(params.reason))} />;
}
