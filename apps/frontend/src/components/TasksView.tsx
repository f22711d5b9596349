'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Task, TaskCreate, TaskPage } from '@todo/contracts';
import { authClient } from '@/lib/auth-client';
import { browserTimeZone, timeZoneLabel } from '@/lib/dates';
import { isFiltered, PAGE_SIZE, viewSearch } from '@/lib/task-query';
import { useCurrentUser } from '@/lib/use-current-user';
import { names, UNDO_MS, useTaskList, without } from '@/lib/use-task-list';
import { ChatPanel } from './ChatPanel';
import { Shortcuts, useShortcuts } from './Shortcuts';
import { TaskFilters, SEARCH_ID } from './TaskFilters';
import { TaskForm } from './TaskForm';
import { taskControlId, TaskItem } from './TaskItem';
import { UndoToast } from './UndoToast';

const RETRY_MS = 3000;
const NEW_TITLE_ID = 'new-title';
const LIST_HEADING_ID = 'task-list-heading';
const TIME_ZONE_COOKIE = 'tz';

interface Props {
  /** What the server's render found: the user, the first page of the view in the URL (`firstKey`) and the
   * assistant's state. */
  initialUser?: { id: string; email: string };
  firstPage?: TaskPage;
  chatConfigured?: boolean;
  firstKey: string;
  serverTimeZone: string;
}

/** The task page: the list's state lives in `useTaskList`; this renders it, with focus and announcements. */
export function TasksView({ initialUser, firstPage, chatConfigured, firstKey, serverTimeZone }: Props) {
  const router = useRouter();
  const [current, retryUser] = useCurrentUser(initialUser);
  const user = current.state === 'signed-in' ? current.user : undefined;

  // The server rendered in the zone of the browser's cookie (UTC without one); the browser's own zone wins.
  const timeZone = useSyncExternalStore(noSubscription, browserTimeZone, () => serverTimeZone);
  useEffect(() => {
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(timeZone)}; path=/; max-age=31536000; samesite=lax`;
  }, [timeZone]);

  const [sessionEnded, setSessionEnded] = useState(false);
  const endSession = useCallback(() => setSessionEnded(true), []);
  const tasks = useTaskList({
    userId: user?.id,
    timeZone,
    initialPage: firstPage && { key: firstKey, page: firstPage },
    onSessionEnd: endSession,
  });
  const { view, navigate, clearFilters, list, items, paging, reload } = tasks;
  const [editing, setEditing] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number> | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const here = `/tasks${viewSearch(view)}`;
  const signInHref = `/sign-in?next=${encodeURIComponent(here)}`;

  useEffect(() => {
    if (current.state === 'signed-out') router.replace(signInHref);
  }, [current.state, router, signInHref]);

  // While the service is away, keep trying: the page comes back by itself when it returns.
  const away = current.state === 'unavailable' || tasks.loadError !== null;
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

  useShortcuts({
    n: () => setFocusId(NEW_TITLE_ID),
    '/': () => setFocusId(SEARCH_ID),
    Escape: () => {
      if (editing !== null) stopEditing(editing);
    },
  });

  function stopEditing(id: number) {
    setEditing(null);
    setFocusId(taskControlId(id, 'edit'));
  }

  /** Deletes with an undo; focus moves to the next task (back to the first deleted one on undo). */
  function remove(removed: Task[], message: string) {
    if (removed.length === 0) return;
    const ids = removed.map((t) => t.id);
    const index = items.findIndex((t) => t.id === ids[0]);
    const rest = items.filter((t) => !ids.includes(t.id));
    const next = rest[Math.min(index, rest.length - 1)];
    setFocusId(next ? taskControlId(next.id, 'toggle') : NEW_TITLE_ID);
    setSelected((prev) => prev && without(prev, ids));
    tasks.remove(removed, message, () => setFocusId(taskControlId(ids[0], 'toggle')));
  }

  async function clearCompleted() {
    const done = await tasks.completedTasks();
    if (!done) return;
    if (done.length === 0) setAnnouncement('No completed tasks to clear.');
    else remove(done, `Cleared ${done.length} completed ${done.length === 1 ? 'task' : 'tasks'}.`);
  }

  async function signOut() {
    tasks.flushDeletes();
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
    await tasks.create(input);
    setAnnouncement(`Added ${input.title}.`);
    setFocusId(NEW_TITLE_ID);
  };
  const save = (task: Task) => async (input: TaskCreate) => {
    await tasks.save(task, input);
    setAnnouncement(`Saved ${input.title}.`);
    stopEditing(task.id);
  };

  const { number: pageNumber, first } = paging;
  const { left, total } = tasks;
  const selectedTasks = selected ? items.filter((t) => selected.has(t.id)) : [];

  /** Another page: focus and scroll go to the list's heading. */
  function goToPage(move: () => void) {
    move();
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

            <section aria-labelledby={LIST_HEADING_ID} aria-busy={tasks.loading} className="task-section">
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
                      void tasks.complete(selectedTasks, true);
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

              {tasks.actionError && (
                <p role="alert" className="error">
                  {tasks.actionError}
                </p>
              )}
              {!list && tasks.loading && <p className="muted">Loading tasks…</p>}
              {tasks.loadError && (
                <div role="alert" className="error card">
                  <p>{tasks.loadError}</p>
                  <button type="button" onClick={reload}>
                    Try again
                  </button>
                </div>
              )}
              {list && items.length === 0 && !tasks.loadError && (
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
                          pending={tasks.pending.has(task.id)}
                          selected={selected ? selected.has(task.id) : undefined}
                          onSelect={(on) =>
                            setSelected((prev) => prev && (on ? new Set([...prev, task.id]) : without(prev, [task.id])))
                          }
                          onToggle={() => void tasks.complete([task], !task.completed)}
                          onEdit={() => setEditing(task.id)}
                          onDelete={() => remove([task], `Deleted ${names([task])}.`)}
                          onTag={(tag) => navigate({ view: view.view, tag, trail: [] })}
                        />
                      ),
                    )}
                  </ul>
                </>
              )}
              {list && (pageNumber > 1 || paging.hasNext) && (
                <nav className="pager" aria-label="Pages">
                  <button type="button" disabled={pageNumber === 1} onClick={() => goToPage(paging.previous)}>
                    Previous
                  </button>
                  <span className="muted">
                    Page {pageNumber}
                    {total !== undefined && ` of ${Math.max(1, Math.ceil(total / PAGE_SIZE))}`} · tasks {first}–
                    {first + Math.max(list.page.items.length, 1) - 1}
                    {total !== undefined && ` of ${total}`}
                  </span>
                  <button type="button" disabled={!paging.hasNext} onClick={() => goToPage(paging.next)}>
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
        <UndoToast toast={tasks.toast} durationMs={UNDO_MS} onClose={tasks.closeToast} />
      </main>
    </>
  );
}

const noSubscription = () => () => undefined;
