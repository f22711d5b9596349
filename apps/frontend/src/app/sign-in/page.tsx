import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/AuthForm';
import { safeNext } from '@/lib/next-path';
import { signedOAuthQuery } from '@/lib/oauth-query';
import { sessionUser } from '@/lib/server-session';

export const metadata: Metadata = { title: 'Sign in · Todo' };

/**
 * Signed in already (asked only when a session cookie is there): straight on to where sign-in would lead. Sent here
 * by the authorization server (its signed query, `sig`), the form is shown anyway: it asked for a sign-in.
 */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeNext(params.next);
  const oauthQuery = signedOAuthQuery(params);
  if (!oauthQuery && (await sessionUser())) redirect(next);
  return <AuthForm mode="sign-in" next={next} oauthQuery={oauthQuery} />;
}
