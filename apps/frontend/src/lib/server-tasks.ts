import 'server-only';
import { cookies, headers } from 'next/headers';
import type { ChatStatus, TaskListQuery, TaskPage } from '@todo/contracts';
import { backendUrl } from './backend-proxy';
import { isTimeZone } from './dates';

export interface SessionUser {
  id: string;
  email: string;
}

/** The cookie the browser keeps its time zone in, so the server renders dates and Today as the browser would. */
export const TIME_ZONE_COOKIE = 'tz';

/** Whether the request carries a Better Auth session cookie at all (no cookie: no need to ask the backend). */
export async function hasSessionCookie(): Promise<boolean> {
  return (await cookies()).getAll().some((cookie) => cookie.name.endsWith('session_token'));
}

export async function requestTimeZone(): Promise<string> {
  const value = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return isTimeZone(value) ? value : 'UTC';
}

/** A GET to the backend with this request's cookies, as the browser's own call through /api would carry them. */
async function backendGet<T>(path: string): Promise<{ status: number; body?: T }> {
  const incoming = await headers();
  const forwarded = new Headers();
  for (const name of ['cookie', 'user-agent', 'x-forwarded-for']) {
    const value = incoming.get(name);
    if (value) forwarded.set(name, value);
  }
  const response = await fetch(new URL(path, backendUrl()), {
    headers: forwarded,
    cache: 'no-store',
    opentelemetry: { propagateContext: true },
  });
  return { status: response.status, body: response.ok ? ((await response.json()) as T) : undefined };
}

/**
 * Who is signed in, asked of the backend with the request's session cookie: the user, `null` when signed out,
 * `undefined` when the backend cannot tell (an outage: the page then finds out in the browser, and retries).
 */
export async function sessionUser(): Promise<SessionUser | null | undefined> {
  if (!(await hasSessionCookie())) return null;
  try {
    const { status, body } = await backendGet<{ user?: SessionUser } | null>('/api/auth/get-session');
    if (status === 401 || (status === 200 && !body?.user)) return null;
    return body?.user ? { id: body.user.id, email: body.user.email } : undefined;
  } catch {
    return undefined;
  }
}

/** The first page of the list and whether the assistant has a model, both through the backend; undefined on failure. */
export async function firstPage(
  userId: string,
  query: TaskListQuery,
): Promise<{ page?: TaskPage; chatConfigured?: boolean }> {
  const params = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  const user = encodeURIComponent(userId);
  const [tasks, chat] = await Promise.all([
    backendGet<TaskPage>(`/api/${user}/tasks?${params}`).catch(() => undefined),
    backendGet<ChatStatus>(`/api/${user}/chat`).catch(() => undefined),
  ]);
  return { page: tasks?.body, chatConfigured: chat?.body?.configured };
}
