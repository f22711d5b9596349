import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/AuthForm';
import { safeNext } from '@/lib/next-path';
import { sessionUser } from '@/lib/server-session';

export const metadata: Metadata = { title: 'Sign in · Todo' };

/** Signed in already (asked only when a session cookie is there): straight on to where sign-in would lead. */
export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if (await sessionUser()) redirect(next);
  return <AuthForm mode="sign-in" next={next} />;
}
