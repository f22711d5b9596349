import 'server-only';
import { cookies } from 'next/headers';
import type { ChatStatus, TaskListQuery, TaskPage } from '@todo/contracts';
import { canonicalTimeZone } from '@todo/contracts/zone';
import { backendGet } from './server-backend';
import { sessionCredentials, type Credentials, type SessionUser } from './server-session';

/** The cookie the browser keeps its time zone in, so the server renders dates and Today as the browser would. */
export const TIME_ZONE_COOKIE = 'tz';

export async function requestTimeZone(): Promise<string> {
  return canonicalTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value) ?? 'UTC';
}

/** Whether the backend has a model: the same for every user until it restarts, so asked once a minute at most. */
const CHAT_STATUS_MS = 60_000;
let chatStatus: { configured: boolean; until: number } | undefined;

async function chatConfigured({ user, token }: Credentials): Promise<boolean | undefined> {
  if (chatStatus && chatStatus.until > Date.now()) return chatStatus.configured;
  const { body } = await backendGet<ChatStatus>(`/api/${encodeURIComponent(user.id)}/chat`, token);
  if (body) chatStatus = { configured: body.configured, until: Date.now() + CHAT_STATUS_MS };
  return body?.configured;
}

export interface FirstRender {
  /** Undefined when the backend could not tell who is signed in. */
  user?: SessionUser;
  page?: TaskPage;
  chatConfigured?: boolean;
}

/**
 * What the task page renders with: the user, the first page of `query` and whether the assistant has a model, all
 * through the backend; `null` when signed out. Cached credentials the backend refuses (the session ended) are
 * asked for again once; refused again, the browser finds out for itself.
 */
export async function firstRender(query: TaskListQuery): Promise<FirstRender | null> {
  const params = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  for (const fresh of [false, true]) {
    const credentials = await sessionCredentials({ fresh });
    if (!credentials) return credentials === null ? null : {};
    const [tasks, configured] = await Promise.all([
      backendGet<TaskPage>(`/api/${encodeURIComponent(credentials.user.id)}/tasks?${params}`, credentials.token).catch(
        () => undefined,
      ),
      chatConfigured(credentials).catch(() => undefined),
    ]);
    if (tasks?.status !== 401) return { user: credentials.user, page: tasks?.body, chatConfigured: configured };
  }
  return {};
}
