import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { TasksFrame } from '@/components/TasksFrame';
import { TasksView } from '@/components/TasksView';
import { firstPage, requestTimeZone, sessionUser } from '@/lib/server-tasks';
import { apiQuery, pageKey, paramsOf, readView, viewSearch } from '@/lib/task-query';

export const metadata: Metadata = { title: 'Tasks · Todo' };

/**
 * The task page, rendered with its first page of tasks: the server asks the backend who the session belongs to, with
 * the browser's own cookie, then streams the page: the frame at once, the list of the view in the URL as soon as
 * the backend answers, then the browser takes over. Signed out: to sign-in, and back here afterwards. The backend
 * unreachable: the browser shows the outage and retries.
 */
export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const view = readView(paramsOf(await searchParams));
  const [user, timeZone] = await Promise.all([sessionUser(), requestTimeZone()]);
  if (user === null) {
    const here = `/tasks${viewSearch(view)}`;
    redirect(here === '/tasks' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`);
  }
  const first = user ? firstPage(user.id, apiQuery(view, timeZone)) : Promise.resolve({});
  return (
    <Suspense fallback={<TasksFrame />}>
      <TasksView initialUser={user} firstPage={first} firstKey={pageKey(view, timeZone)} serverTimeZone={timeZone} />
    </Suspense>
  );
}
