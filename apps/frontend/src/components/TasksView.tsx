'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import type { Task, TaskCreate, TaskPage } from '@todo/contracts';
import { ApiError, createTask, deleteTask, listTasks, setCompleted, updateTask } from '@/lib/api';
import { authClient } from '@/lib/auth-client';
import { TaskFilters, type Filters } from './TaskFilters';
import { TaskForm } from './TaskForm';
import { TaskItem } from './TaskItem';

const PAGE_SIZE = 20;
const RETRY_MS = 3000;

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; page: TaskPage };

export function TasksView() {
  const router = useRouter();
  const session = authClient.useSession();
  const user = session.data?.user;
  const [filters, setFilters] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]); // the cursor of each page seen
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [editing, setEditing] = useState<number | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const cursor = cursors.at(-1);

  useEffect(() => {
    if (!session.isPending && !user) router.replace('/sign-in');
  }, [session.isPending, user, router]);

  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    if (!user) return;
    let current = true;
    listTasks(user.id, { ...filters, limit: PAGE_SIZE, cursor }).then(
      (page) => current && setLoad({ state: 'ready', page }),
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

  // While the service is away, keep trying: the list comes back by itself when it returns.
  useEffect(() => {
    if (load.state !== 'error') return;
    const timer = setInterval(reload, RETRY_MS);
    return () => clearInterval(timer);
  }, [load.state, reload]);

  async function act(action: () => Promise<unknown>) {
    setActionError(null);
    try {
      await action();
      reload();
    } catch (error) {
      setActionError(error instanceof Error ? error.message : 'That did not work.');
    }
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

  if (!user) return <p className="center muted">Loading…</p>;

  const create = async (input: TaskCreate) => {
    await createTask(user.id, input);
    reload();
  };
  const save = (task: Task) => async (input: TaskCreate) => {
    await updateTask(user.id, task.id, { ...input, completed: task.completed });
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
                  onToggle={() => act(() => setCompleted(user.id, task.id, !task.completed))}
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
