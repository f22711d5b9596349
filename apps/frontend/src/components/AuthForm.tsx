'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ACCOUNT_LIMITS } from '@todo/contracts/limits';
import { authClient } from '@/lib/auth-client';
import { Field } from './Field';

type AuthField = 'name' | 'email' | 'password';
type Errors = Partial<Record<AuthField | 'form', string>>;

const PLAIN: Record<AuthField, string> = {
  name: 'Enter your name.',
  email: 'Enter a valid email address, like name@example.com.',
  password: 'Use a password of 8 to 128 characters.',
};

/** Better Auth's refusal in plain words, on its field when it names one ("[body.email] Invalid email address"). */
function describe(error: { status: number; code?: string; message?: string }): Errors {
  if (error.status === 429) return { form: 'Too many attempts. Please wait a minute and try again.' };
  if (error.status === 502 || error.status === 0)
    return { form: 'The service is unavailable right now. Please try again shortly.' };
  const field = /\[body\.(name|email|password)\]/.exec(error.message ?? '')?.[1] as AuthField | undefined;
  if (field) return { [field]: PLAIN[field] };
  if (/PASSWORD_TOO_(SHORT|LONG)/.test(error.code ?? '')) return { password: PLAIN.password };
  // The server's strength check says why ("This is a commonly used password.").
  if (error.code === 'PASSWORD_TOO_WEAK' || error.code === 'PASSWORD_LENGTH') return { password: error.message };
  if (error.code === 'INVALID_NAME') return { name: error.message };
  if (error.code === 'INVALID_EMAIL') return { email: PLAIN.email };
  if (error.code === 'USER_ALREADY_EXISTS' || /already exists/i.test(error.message ?? ''))
    return { email: 'An account with this email exists already. Sign in instead.' };
  return { form: error.message ?? 'Something went wrong. Please try again.' };
}

/**
 * Sign in or sign up; afterwards on to `next` (the view the user came from). `oauthQuery`: the authorization
 * server's signed query this page was given, kept on the link to the other form so that either continues its flow.
 */
export function AuthForm({
  mode,
  next = '/tasks',
  oauthQuery,
}: {
  mode: 'sign-in' | 'sign-up';
  next?: string;
  oauthQuery?: string;
}) {
  const router = useRouter();
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const signUp = mode === 'sign-up';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email'));
    const password = String(form.get('password'));
    setBusy(true);
    setErrors({});
    const result = signUp
      ? await authClient.signUp.email({ email, password, name: String(form.get('name')) })
      : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (result.error) {
      setErrors(describe(result.error));
      return;
    }
    // Signing in for an MCP client (docs/mcp.md): the authorization server says where the flow goes on.
    const onward = (result.data as { redirect?: boolean; url?: string } | null)?.url;
    if (onward) window.location.assign(onward);
    else router.replace(next);
  }

  function changed(event: FormEvent<HTMLFormElement>) {
    const name = (event.target as HTMLInputElement).name as AuthField;
    if (errors[name] || errors.form) setErrors((prev) => ({ ...prev, [name]: undefined, form: undefined }));
  }

  const other = oauthQuery ? `?${oauthQuery}` : next === '/tasks' ? '' : `?next=${encodeURIComponent(next)}`;
  return (
    <main className="auth">
      <h1>{signUp ? 'Create your account' : 'Welcome back'}</h1>
      {/* POST: sent by the browser before the scripts run, what was typed stays out of the URL. */}
      <form
        method="post"
        onSubmit={submit}
        onInput={changed}
        className="card stack"
        aria-label={signUp ? 'Sign up' : 'Sign in'}
      >
        {signUp && (
          <Field label="Name" error={errors.name}>
            {(control) => (
              <input {...control} name="name" autoComplete="name" required maxLength={ACCOUNT_LIMITS.nameMax} />
            )}
          </Field>
        )}
        <Field label="Email" error={errors.email}>
          {(control) => (
            <input
              {...control}
              name="email"
              type="email"
              autoComplete="email"
              required
              maxLength={ACCOUNT_LIMITS.emailMax}
            />
          )}
        </Field>
        <Field label="Password" hint={signUp ? '(at least 8 characters)' : undefined} error={errors.password}>
          {(control) => (
            <input
              {...control}
              name="password"
              type="password"
              autoComplete={signUp ? 'new-password' : 'current-password'}
              required
              minLength={ACCOUNT_LIMITS.passwordMin}
              maxLength={ACCOUNT_LIMITS.passwordMax}
            />
          )}
        </Field>
        {errors.form && (
          <p role="alert" className="error">
            {errors.form}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Please wait…' : signUp ? 'Sign up' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        {signUp ? (
          <>
            Already have an account? <Link href={`/sign-in${other}`}>Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href={`/sign-up${other}`}>Create an account</Link>
          </>
        )}
      </p>
    </main>
  );
}
