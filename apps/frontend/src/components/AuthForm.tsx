'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { ACCOUNT_LIMITS } from '@todo/contracts/limits';
import { authClient } from '@/lib/auth-client';

function describe(error: { status: number; message?: string }): string {
  if (error.status === 429) return 'Too many attempts. Please wait a minute and try again.';
  if (error.status === 502 || error.status === 0)
    return 'The service is unavailable right now. Please try again shortly.';
  return error.message ?? 'Something went wrong. Please try again.';
}

export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signUp = mode === 'sign-up';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email'));
    const password = String(form.get('password'));
    setBusy(true);
    setError(null);
    const result = signUp
      ? await authClient.signUp.email({ email, password, name: String(form.get('name')) })
      : await authClient.signIn.email({ email, password });
    setBusy(false);
    if (result.error) {
      setError(describe(result.error));
      return;
    }
    router.replace('/tasks');
  }

  return (
    <main className="auth">
      <h1>{signUp ? 'Create your account' : 'Welcome back'}</h1>
      <form onSubmit={submit} className="card stack" aria-label={signUp ? 'Sign up' : 'Sign in'}>
        {signUp && (
          <label>
            Name
            <input name="name" autoComplete="name" required maxLength={ACCOUNT_LIMITS.nameMax} />
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required maxLength={ACCOUNT_LIMITS.emailMax} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete={signUp ? 'new-password' : 'current-password'}
            required
            minLength={ACCOUNT_LIMITS.passwordMin}
            maxLength={ACCOUNT_LIMITS.passwordMax}
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Please wait…' : signUp ? 'Sign up' : 'Sign in'}
        </button>
      </form>
      <p className="muted">
        {signUp ? (
          <>
            Already have an account? <Link href="/sign-in">Sign in</Link>
          </>
        ) : (
          <>
            New here? <Link href="/sign-up">Create an account</Link>
          </>
        )}
      </p>
    </main>
  );
}
