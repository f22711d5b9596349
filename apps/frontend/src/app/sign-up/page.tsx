import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthForm } from '@/components/AuthForm';
import { safeNext } from '@/lib/next-path';
import { sessionUser } from '@/lib/server-session';

export const metadata: Metadata = { title: 'Create an account · Todo' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if (await sessionUser()) redirect(next);
  return <AuthForm mode="sign-up" next={next} />;
}
