'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Task, TaskCreate, TaskPage } from '@todo/contracts';
import { ApiError, createTask, deleteTask, listTasks, setCompleted, updateTask } from '@/lib/api';
import { authClient } from '@/lib/auth-client';
import { useCurrentUser } from '@/lib/use-current-user';
import { ChatPanel } from './ChatPanel';
import { TaskFilters, type Filters } from './TaskFilters';
import { TaskForm } from './TaskForm';
import { TaskItem } from './TaskItem';

const PAGE_SIZE = 20;
const RETRY_MS = 3000;

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; page: TaskPage };

const CONFLICT =
  'This task was changed elsewhere since you opened it. Save again to replace that change with yours, or cancel to see it.';

export function TasksView() {
  const router = useRouter();
  const [current, retryUser] = useCurrentUser();
  const user = current.state === 'signed-in' ? current.user : undefined;
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]); // the cursor of each page seen
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [editing, setEditing] = useState<number | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const cursor = cursors.at(-1);

  useEffect(() => {
    if (current.state === 'signed-out') router.replace('/sign-in');
  }, [current.state, router]);

  const [reloads, setReloads] = useState(0);
  // Counts changes made from this page: a list fetched before the latest change would undo its optimistic state.
  const changes = useRef(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    if (!user) return;
    let current = true;
    const changesAtStart = changes.current;
    listTasks(user.id, { ...filters, limit: PAGE_SIZE, cursor }).then(
      (page) => current && changesAtStart === changes.current && setLoad({ state: 'ready', page }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.status === 401) return router.replace('/sign-in');
        setLoad({ state: 'error', message: error instanceof Error ? error.message : 'Could not load your tasks.' });
      },
    );
    return () => {
      current = false;
    };
  }, [user, filters, cursor, reloads, router]);

  // While the service is away, keep trying: the page comes back by itself when it returns.
  const away = current.state === 'unavailable' || load.state === 'error';
  useEffect(() => {
    if (!away) return;
    const timer = setInterval(user ? reload : retryUser, RETRY_MS);
    return () => clearInterval(timer);
  }, [away, user, reload, retryUser]);

  async function act(action: () => Promise<unknown>) {
    changes.current += 1;
    setActionError(null);
    try {
      await action();
    } catch (error) {
      setActionError(error instanceof Error ? error.message : 'That did not work.');
    } finally {
      reload(); // the server's truth, whether the change held or not
    }
  }

  /** Shows the new state at once; the reload that follows brings the server's truth. */
  function toggle(task: Task) {
    setLoad((prev) =>
      prev.state === 'ready'
        ? {
            ...prev,
            page: {
              ...prev.page,
              items: prev.page.items.map((t) => (t.id === task.id ? { ...t, completed: !t.completed } : t)),
            },
          }
        : prev,
    );
    void act(() => setCompleted(task.user_id, task.id, !task.completed));
  }

  function changeFilters(next: Filters) {
    setFilters(next);
    setCursors([undefined]);
    setLoad({ state: 'loading' });
  }

  async function signOut() {
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
    setEditing(null);
    reload();
  };

  return (
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

      <section className="card" aria-labelledby="new-task">
        <h2 id="new-task">New task</h2>
        <TaskForm submitLabel="Add task" onSubmit={create} />
      </section>

      <ChatPanel userId={user.id} onTasksChanged={reload} />

      <TaskFilters value={filters} onChange={changeFilters} />

      {actionError && (
        <p role="alert" className="error">
          {actionError}
        </p>
      )}

      <section aria-live="polite" aria-busy={load.state === 'loading'}>
        {load.state === 'loading' && <p className="muted">Loading tasks…</p>}
        {load.state === 'error' && (
          <div role="alert" className="error card">
            <p>{load.message}</p>
            <button type="button" onClick={reload}>
              Try again
            </button>
          </div>
        )}
        {load.state === 'ready' && load.page.items.length === 0 && (
          <p className="empty">
            {cursors.length > 1 || Object.values(filters).some(Boolean)
              ? 'No tasks match.'
              : 'No tasks yet. Add your first one above.'}
          </p>
        )}
        {load.state === 'ready' && load.page.items.length > 0 && (
          <ul className="task-list" aria-label="Tasks">
            {load.page.items.map((task) =>
              editing === task.id ? (
                <li key={task.id} className="task editing">
                  <TaskForm task={task} submitLabel="Save" onSubmit={save(task)} onCancel={() => setEditing(null)} />
                </li>
              ) : (
                <TaskItem
                  key={task.id}
                  task={task}
                  onToggle={() => toggle(task)}
                  onEdit={() => setEditing(task.id)}
                  onDelete={() => act(() => deleteTask(user.id, task.id))}
                />
              ),
            )}
          </ul>
        )}
        {load.state === 'ready' && (
          <nav className="pager" aria-label="Pages">
            <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Previous
            </button>
            <span className="muted">Page {cursors.length}</span>
            <button
              type="button"
              disabled={!load.page.next_cursor}
              onClick={() => load.page.next_cursor && setCursors((c) => [...c, load.page.next_cursor ?? undefined])}
            >
              Next
            </button>
          </nav>
        )}
      </section>
    </main>
  );
}
