'use client';

import { useCallback, useEffect, useState } from 'react';
import { authClient } from './auth-client';

export type CurrentUser =
  | { state: 'loading' }
  | { state: 'signed-out' }
  | { state: 'unavailable' }
  | { state: 'signed-in'; user: { id: string; email: string } };

/**
 * Asks the server who is signed in, on every mount, unless the server's render already knew (`known`): a cached
 * answer could be stale right after a sign-in or sign-out. An unreachable server is an outage, not a sign-out:
 * `unavailable`, retried by `retry`.
 */
export function useCurrentUser(known?: { id: string; email: string }): [CurrentUser, () => void] {
  const [current, setCurrent] = useState<CurrentUser>(
    known ? { state: 'signed-in', user: known } : { state: 'loading' },
  );
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const askedByServer = Boolean(known);

  useEffect(() => {
    if (askedByServer && attempt === 0) return;
    let live = true;
    authClient.getSession().then(({ data, error }) => {
      if (!live) return;
      if (error) setCurrent(error.status === 401 ? { state: 'signed-out' } : { state: 'unavailable' });
      else if (data?.user) setCurrent({ state: 'signed-in', user: { id: data.user.id, email: data.user.email } });
      else setCurrent({ state: 'signed-out' });
    });
    return () => {
      live = false;
    };
  }, [attempt, askedByServer]);

  return [current, retry];
}
