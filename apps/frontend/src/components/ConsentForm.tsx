'use client';

import { useEffect, useState } from 'react';
import { authClient } from '@/lib/auth-client';

/** What each scope lets the client do, in plain words; the task tools come with any grant. */
const SCOPE_WORDS: Record<string, string> = {
  openid: 'Know which account you signed in with',
  profile: 'See your name',
  email: 'See your email address',
  offline_access: 'Stay connected without asking you again',
};

/**
 * Allow or deny an MCP client access to your tasks. The answer goes to the authorization server with the signed
 * query of this page (the OAuth client plugin adds it), which says where the browser goes next.
 */
export function ConsentForm({ clientId, scopes }: { clientId: string; scopes: string[] }) {
  const [client, setClient] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetch(`/api/auth/oauth2/public-client?client_id=${encodeURIComponent(clientId)}`)
      .then((response) => (response.ok ? response.json() : undefined))
      .then((found: { client_name?: string } | undefined) => setClient(found?.client_name ?? 'An unnamed application'))
      .catch(() => setClient('An unnamed application'));
  }, [clientId]);

  async function answer(accept: boolean) {
    setBusy(true);
    setError(undefined);
    const { data, error: refused } = await authClient.$fetch<{ url: string }>('/oauth2/consent', {
      method: 'POST',
      body: { accept },
    });
    if (refused || !data?.url) {
      setBusy(false);
      setError(refused?.message ?? 'This request has expired. Start again from the application.');
      return;
    }
    window.location.assign(data.url);
  }

  return (
    <main className="auth">
      <h1>Allow access?</h1>
      <section className="card stack" aria-labelledby="consent-client">
        <p id="consent-client">
          <strong>{client ?? 'An application'}</strong> asks to use your tasks: list, add, change, complete and delete
          them, as you.
        </p>
        {scopes.some((scope) => SCOPE_WORDS[scope]) && (
          <>
            <p>It may also:</p>
            <ul>
              {scopes
                .filter((scope) => SCOPE_WORDS[scope])
                .map((scope) => (
                  <li key={scope}>{SCOPE_WORDS[scope]}</li>
                ))}
            </ul>
          </>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={() => answer(true)}>
            Allow
          </button>
          <button type="button" disabled={busy} onClick={() => answer(false)}>
            Deny
          </button>
        </div>
      </section>
    </main>
  );
}
