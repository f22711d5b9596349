import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { TasksView } from '@/components/TasksView';
import { firstRender, requestTimeZone } from '@/lib/server-tasks';
import { apiQuery, pageKey, paramsOf, readView, viewSearch } from '@/lib/task-query';

export const metadata: Metadata = { title: 'Tasks · Todo' };

/**
 * The task page, rendered with its first page of tasks: the server asks the backend for the view in the URL with
 * the session's credentials (cached per session cookie), renders the list in the first response, and the browser
 * takes over. Signed out: to sign-in, and back here afterwards. The backend unreachable: the browser shows the
 * outage and retries.
 */
export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const view = readView(paramsOf(await searchParams));
  const timeZone = await requestTimeZone();
  const first = await firstRender(apiQuery(view, timeZone));
  if (first === null) {
    const here = `/tasks${viewSearch(view)}`;
    redirect(here === '/tasks' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(here)}`);
  }
  return (
    <TasksView
      initialUser={first.user}
      firstPage={first.page}
      chatConfigured={first.chatConfigured}
      firstKey={pageKey(view, timeZone)}
      serverTimeZone={timeZone}
    />
  );
}
