'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { use, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Task, TaskCounts, TaskCreate, TaskPage } from '@todo/contracts';
import { ApiError, countTasks, createTask, deleteTask, listTasks, setCompleted, updateTask } from '@/lib/api';
import { authClient } from '@/lib/auth-client';
import { browserTimeZone, timeZoneLabel } from '@/lib/dates';
import { DeferredDeletes } from '@/lib/deferred';
import {
  apiQuery,
  countQuery,
  FIRST_PAGE,
  isFiltered,
  pageKey,
  PAGE_SIZE,
  readView,
  viewSearch,
  type ViewState,
} from '@/lib/task-query';
import { useCurrentUser } from '@/lib/use-current-user';
import { ChatPanel } from './ChatPanel';
import { Shortcuts, useShortcuts } from './Shortcuts';
import { TaskFilters, SEARCH_ID } from './TaskFilters';
import { TaskForm } from './TaskForm';
import { taskControlId, TaskItem } from './TaskItem';
import { UndoToast, type Toast } from './UndoToast';

const RETRY_MS = 3000;
const UNDO_MS = 5000;
const NEW_TITLE_ID = 'new-title';
const LIST_HEADING_ID = 'task-list-heading';
const TIME_ZONE_COOKIE = 'tz';

interface Props {
  /** What the server's render found: the user, then (streamed) the first page of the view in the URL (`firstKey`)
   * and the assistant's state. */
  initialUser?: { id: string; email: string };
  firstPage: Promise<{ page?: TaskPage; chatConfigured?: boolean }>;
  firstKey: string;
  serverTimeZone: string;
}

const CONFLICT =
  'This task was changed elsewhere since you opened it. Save again to replace that change with yours, or cancel to see it.';

const messageOf = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);
const isSessionEnd = (error: unknown) => error instanceof ApiError && error.status === 401;

export function TasksView({ initialUser, firstPage, firstKey, serverTimeZone }: Props) {
  const { page: served, chatConfigured } = use(firstPage);
  const initialPage = served && { key: firstKey, page: served };
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const view = useMemo(() => readView(search), [search]);
  const [current, retryUser] = useCurrentUser(initialUser);
  const user = current.state === 'signed-in' ? current.user : undefined;

  // The server rendered in the zone of the browser's cookie (UTC without one); the browser's own zone wins.
  const timeZone = useSyncExternalStore(noSubscription, browserTimeZone, () => serverTimeZone);
  useEffect(() => {
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(timeZone)}; path=/; max-age=31536000; samesite=lax`;
  }, [timeZone]);

  const key = pageKey(view, timeZone);
  const [list, setList] = useState<{ key: string; page: TaskPage } | undefined>(initialPage);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<number> | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [toast, setToast] = useState<Toast | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  // Counts changes made from this page: a list fetched before the latest change would undo its optimistic state.
  const changes = useRef(0);
  const toasts = useRef(0);
  // The request the list answers: the server's render answered the first one.
  const request = `${user?.id}|${key}|${reloads}`;
  const answered = useRef(initialUser && initialPage ? `${initialUser.id}|${initialPage.key}|0` : '');
  const loading = Boolean(user) && list?.key !== key && !loadError;

  const endSession = useCallback(() => setSessionEnded(true), []);
  const closeToast = useCallback(() => setToast(null), []);
  const here = `${pathname}${viewSearch(view)}`;
  const signInHref = `/sign-in?next=${encodeURIComponent(here)}`;

  useEffect(() => {
    if (current.state === 'signed-out') router.replace(signInHref);
  }, [current.state, router, signInHref]);

  useEffect(() => {
    if (!user || answered.current === request) return;
    answered.current = request;
    const changesAtStart = changes.current;
    // Only the latest request's answer counts, and none from before the latest change on this page.
    const current = () => answered.current === request && changesAtStart === changes.current;
    listTasks(user.id, apiQuery(view, timeZone)).then(
      (page) => {
        if (!current()) return;
        setList({ key, page });
        setLoadError(null);
      },
      (error: unknown) => {
        if (answered.current !== request) return;
        if (isSessionEnd(error)) return endSession();
        setLoadError(messageOf(error, 'Could not load your tasks.'));
      },
    );
  }, [user, request, key, view, timeZone, endSession]);

  // The totals of the view (all its pages): fetched after the list, so the server's render never waits for them.
  const countKey = `${user?.id}|${pageKey({ ...view, cursor: undefined, trail: [] }, timeZone)}|${reloads}`;
  const [counts, setCounts] = useState<{ key: string; value: TaskCounts }>();
  useEffect(() => {
    if (!user) return;
    let live = true;
    countTasks(user.id, countQuery(apiQuery(view, timeZone))).then(
      (value) => live && setCounts({ key: countKey, value }),
      () => undefined, // the totals are a convenience: the list works without them
    );
    return () => {
      live = false;
    };
  }, [user, countKey, view, timeZone]);

  // While the service is away, keep trying: the page comes back by itself when it returns.
  const away = current.state === 'unavailable' || loadError !== null;
  useEffect(() => {
    if (!away) return;
    const timer = setInterval(user ? reload : retryUser, RETRY_MS);
    return () => clearInterval(timer);
  }, [away, user, reload, retryUser]);

  // Where focus goes once the element is there: after an add, an edit, a delete, an undo, a page change.
  const focusNext = useRef<string | null>(null);
  const focusPending = useCallback(() => {
    const target = focusNext.current && document.getElementById(focusNext.current);
    if (target) {
      target.focus();
      focusNext.current = null;
    }
  }, []);
  const setFocusId = useCallback(
    (id: string) => {
      focusNext.current = id;
      requestAnimationFrame(focusPending);
    },
    [focusPending],
  );
  useEffect(focusPending);

  const deletes = useMemo(
    () =>
      new DeferredDeletes(async (id) => {
        if (!user) return;
        try {
          await deleteTask(user.id, id);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) {
            setHidden((prev) => without(prev, [id]));
            if (isSessionEnd(error)) endSession();
            else setActionError(`Could not delete a task: ${messageOf(error, 'try again')}`);
          }
        } finally {
          changes.current += 1;
          reload();
        }
      }),
    [user, reload, endSession],
  );
  useEffect(() => {
    const leave = () => deletes.flushOnUnload();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      deletes.flush();
    };
  }, [deletes]);

  /** Moves to another view: a new history entry, or the same one while typing a search. */
  const navigate = useCallback(
    (next: ViewState, mode: 'push' | 'replace' = 'push') => {
      const url = `${pathname}${viewSearch(next)}`;
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [pathname],
  );
  const clearFilters = useCallback(() => navigate({ view: 'all', trail: [] }), [navigate]);

  const items = (list?.page.items ?? []).filter((task) => !hidden.has(task.id));

  useShortcuts({
    n: () => setFocusId(NEW_TITLE_ID),
    '/': () => setFocusId(SEARCH_ID),
    Escape: () => {
      if (editing !== null) stopEditing(editing);
    },
  });

  function updateItems(change: (task: Task) => Task) {
    setList((prev) => prev && { ...prev, page: { ...prev.page, items: prev.page.items.map(change) } });
  }

  function stopEditing(id: number) {
    setEditing(null);
    setFocusId(taskControlId(id, 'edit'));
  }

  function markPending(ids: number[], on: boolean) {
    setPending((prev) => (on ? new Set([...prev, ...ids]) : without(prev, ids)));
  }

  /** Completes or reopens tasks at once on screen; the server's answer follows, with an undo. */
  async function complete(tasks: Task[], completed: boolean, offerUndo = true) {
    if (!user || tasks.length === 0) return;
    const ids = tasks.map((t) => t.id);
    changes.current += 1;
    setActionError(null);
    markPending(ids, true);
    updateItems((t) => (ids.includes(t.id) ? { ...t, completed } : t));
    const results = await Promise.allSettled(tasks.map((t) => setCompleted(user.id, t.id, completed)));
    markPending(ids, false);
    const failed = tasks.filter((_, i) => results[i].status === 'rejected');
    const reason = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed.length) {
      updateItems((t) => (failed.some((f) => f.id === t.id) ? { ...t, completed: !completed } : t));
      if (isSessionEnd(reason?.reason)) endSession();
      else
        setActionError(
          `Could not mark ${names(failed)} ${completed ? 'complete' : 'pending'}: ${messageOf(reason?.reason, 'try again')}`,
        );
    } else if (offerUndo) {
      const done = tasks.map((t) => ({ ...t, completed }));
      showToast(
        `${completed ? 'Completed' : 'Reopened'} ${names(tasks)}.`,
        () => void complete(done, !completed, false),
      );
    }
    changes.current += 1;
    reload();
  }

  /** Hides tasks at once and deletes them when the undo window has passed. */
  function remove(tasks: Task[], message: string) {
    if (!user || tasks.length === 0) return;
    deletes.flush();
    const ids = tasks.map((t) => t.id);
    const index = items.findIndex((t) => t.id === ids[0]);
    const rest = items.filter((t) => !ids.includes(t.id));
    const next = rest[Math.min(index, rest.length - 1)];
    setFocusId(next ? taskControlId(next.id, 'toggle') : NEW_TITLE_ID);
    setHidden((prev) => new Set([...prev, ...ids]));
    setSelected((prev) => prev && without(prev, ids));
    for (const id of ids) deletes.schedule(id, `/api/${encodeURIComponent(user.id)}/tasks/${id}`, UNDO_MS);
    showToast(message, () => {
      for (const id of ids) deletes.cancel(id);
      setHidden((prev) => without(prev, ids));
      setFocusId(taskControlId(ids[0], 'toggle'));
    });
  }

  function showToast(message: string, undo: () => void) {
    toasts.current += 1;
    setToast({ id: toasts.current, message, undo });
  }

  async function clearCompleted() {
    if (!user) return;
    try {
      const done: Task[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTasks(user.id, { status: 'completed', limit: 100, cursor });
        done.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && done.length < 1000);
      if (done.length === 0) setAnnouncement('No completed tasks to clear.');
      else remove(done, `Cleared ${done.length} completed ${done.length === 1 ? 'task' : 'tasks'}.`);
    } catch (error) {
      if (isSessionEnd(error)) endSession();
      else setActionError(`Could not clear completed tasks: ${messageOf(error, 'try again')}`);
    }
  }

  async function signOut() {
    deletes.flush();
    await authClient.signOut();
    router.replace('/sign-in');
  }

  if (current.state === 'unavailable') {
    return (
      <main>
        <div role="alert" className="error card center">
          <p>The service is unavailable right now. Retrying shortly…</p>
          <button type="button" onClick={retryUser}>
            Try again
          </button>
        </div>
      </main>
    );
  }
  if (!user) return <p className="center muted">Loading…</p>;

  const create = async (input: TaskCreate) => {
    await createTask(user.id, input);
    changes.current += 1;
    setAnnouncement(`Added ${input.title}.`);
    setFocusId(NEW_TITLE_ID);
    reload();
  };
  const save = (task: Task) => async (input: TaskCreate) => {
    try {
      await updateTask(user.id, task, input);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 412)) throw error;
      reload(); // the latest version: saving again replaces it with this edit
      throw new ApiError(412, error.code, CONFLICT);
    }
    changes.current += 1;
    setAnnouncement(`Saved ${input.title}.`);
    stopEditing(task.id);
    reload();
  };

  const pageNumber = view.cursor ? view.trail.length + 1 : 1;
  const nextCursor = list?.page.next_cursor ?? null;
  const first = (pageNumber - 1) * PAGE_SIZE + 1;
  const selectedTasks = selected ? items.filter((t) => selected.has(t.id)) : [];
  // Tasks hidden for their undo window are not left, though the server still counts them.
  const hiddenPending = (list?.page.items ?? []).filter((t) => hidden.has(t.id) && !t.completed).length;
  const left = counts ? Math.max(0, counts.value.pending - hiddenPending) : undefined;
  const total = counts?.value.total;

  function goToPage(cursor: string | undefined, trail: string[]) {
    navigate({ ...view, cursor, trail });
    setFocusId(LIST_HEADING_ID);
    document.getElementById(LIST_HEADING_ID)?.scrollIntoView({ block: 'start' });
  }

  return (
    <>
      <a className="skip-link" href={`#${LIST_HEADING_ID}`}>
        Skip to tasks
      </a>
      <main className="tasks">
        <header className="top">
          <h1>Tasks</h1>
          <div className="row">
            <span className="muted" data-testid="user-email">
              {user.email}
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </div>
        </header>

        {sessionEnded && (
          <div role="alert" className="card session-ended">
            <p>
              Your session has ended. <a href={signInHref}>Sign in again</a> to carry on: you will come back to this
              view, and what you typed is kept.
            </p>
          </div>
        )}

        <section className="card" aria-labelledby="new-task">
          <h2 id="new-task">New task</h2>
          <TaskForm timeZone={timeZone} submitLabel="Add task" onSubmit={create} onSessionEnded={endSession} />
        </section>

        <div className="columns">
          <div className="list-column">
            <TaskFilters value={view} onChange={navigate} onClear={clearFilters} />

            <section aria-labelledby={LIST_HEADING_ID} aria-busy={loading} className="task-section">
              <div className="top">
                <h2 id={LIST_HEADING_ID} tabIndex={-1}>
                  {view.view === 'today' ? 'Today' : view.view === 'upcoming' ? 'Upcoming' : 'Your tasks'}
                </h2>
                <div className="row toolbar">
                  <button
                    type="button"
                    aria-pressed={selected !== null}
                    onClick={() => setSelected(selected ? null : new Set())}
                  >
                    {selected ? 'Done selecting' : 'Select'}
                  </button>
                  <button type="button" onClick={() => void clearCompleted()}>
                    Clear completed
                  </button>
                </div>
              </div>
              {selected && (
                <div className="row bulk" role="toolbar" aria-label="Selected tasks">
                  <span className="muted">{selectedTasks.length} selected</span>
                  <button
                    type="button"
                    disabled={selectedTasks.length === 0}
                    onClick={() => {
                      setSelected(new Set());
                      void complete(selectedTasks, true);
                    }}
                  >
                    Complete selected
                  </button>
                  <button
                    type="button"
                    className="danger"
                    disabled={selectedTasks.length === 0}
                    onClick={() =>
                      remove(
                        selectedTasks,
                        `Deleted ${selectedTasks.length} ${selectedTasks.length === 1 ? 'task' : 'tasks'}.`,
                      )
                    }
                  >
                    Delete selected
                  </button>
                </div>
              )}

              {actionError && (
                <p role="alert" className="error">
                  {actionError}
                </p>
              )}
              {!list && loading && <p className="muted">Loading tasks…</p>}
              {loadError && (
                <div role="alert" className="error card">
                  <p>{loadError}</p>
                  <button type="button" onClick={reload}>
                    Try again
                  </button>
                </div>
              )}
              {list && items.length === 0 && !loadError && (
                <div className="empty">
                  {pageNumber > 1 || isFiltered(view) ? (
                    <>
                      <p>No tasks match.</p>
                      <button type="button" onClick={clearFilters}>
                        Clear filters
                      </button>
                    </>
                  ) : (
                    <p>No tasks yet. Add your first one above.</p>
                  )}
                </div>
              )}
              {items.length > 0 && (
                <>
                  <p className="muted summary" data-testid="summary">
                    {left !== undefined && `${left} ${left === 1 ? 'task' : 'tasks'} left · `}
                    dates in {timeZoneLabel(timeZone)}
                  </p>
                  <ul className="task-list" aria-label="Tasks">
                    {items.map((task) =>
                      editing === task.id ? (
                        <li key={task.id} className="task editing">
                          <TaskForm
                            task={task}
                            timeZone={timeZone}
                            submitLabel="Save"
                            onSubmit={save(task)}
                            onCancel={() => stopEditing(task.id)}
                            onSessionEnded={endSession}
                          />
                        </li>
                      ) : (
                        <TaskItem
                          key={task.id}
                          task={task}
                          timeZone={timeZone}
                          pending={pending.has(task.id)}
                          selected={selected ? selected.has(task.id) : undefined}
                          onSelect={(on) =>
                            setSelected((prev) => prev && (on ? new Set([...prev, task.id]) : without(prev, [task.id])))
                          }
                          onToggle={() => void complete([task], !task.completed)}
                          onEdit={() => setEditing(task.id)}
                          onDelete={() => remove([task], `Deleted ${names([task])}.`)}
                          onTag={(tag) => navigate({ view: view.view, tag, trail: [] })}
                        />
                      ),
                    )}
                  </ul>
                </>
              )}
              {list && (pageNumber > 1 || nextCursor) && (
                <nav className="pager" aria-label="Pages">
                  <button
                    type="button"
                    disabled={pageNumber === 1}
                    onClick={() => {
                      const previous = view.trail.at(-1);
                      goToPage(previous === FIRST_PAGE ? undefined : previous, view.trail.slice(0, -1));
                    }}
                  >
                    Previous
                  </button>
                  <span className="muted">
                    Page {pageNumber}
                    {total !== undefined && ` of ${Math.max(1, Math.ceil(total / PAGE_SIZE))}`} · tasks {first}–
                    {first + Math.max(list.page.items.length, 1) - 1}
                    {total !== undefined && ` of ${total}`}
                  </span>
                  <button
                    type="button"
                    disabled={!nextCursor}
                    onClick={() => nextCursor && goToPage(nextCursor, [...view.trail, view.cursor ?? FIRST_PAGE])}
                  >
                    Next
                  </button>
                </nav>
              )}
            </section>
          </div>

          <ChatPanel userId={user.id} configured={chatConfigured} onTasksChanged={reload} onSessionEnded={endSession} />
        </div>

        <Shortcuts />
        <p className="sr-only" role="status">
          {announcement}
        </p>
        <UndoToast toast={toast} durationMs={UNDO_MS} onClose={closeToast} />
      </main>
    </>
  );
}

const noSubscription = () => () => undefined;

function without<T>(set: ReadonlySet<T>, values: T[]): ReadonlySet<T> {
  const next = new Set(set);
  for (const value of values) next.delete(value);
  return next;
}

/** "“Buy milk”", or "3 tasks". */
const names = (tasks: Task[]) => (tasks.length === 1 ? `“${tasks[0].title}”` : `${tasks.length} tasks`);
