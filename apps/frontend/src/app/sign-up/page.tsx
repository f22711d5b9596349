import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/AuthForm';
import { safeNext } from '@/lib/next-path';
import { signedOAuthQuery } from '@/lib/oauth-query';
import { sessionUser } from '@/lib/server-session';

export const metadata: Metadata = { title: 'Create an account · Todo' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeNext(params.next);
  const oauthQuery = signedOAuthQuery(params);
  if (!oauthQuery && (await sessionUser())) redirect(next);
  return <AuthForm mode="sign-up" next={next} oauthQuery={oauthQuery} />;
}
