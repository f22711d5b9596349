'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Task, TaskCounts, TaskCreate, TaskPage } from '@todo/contracts';
import type { Toast } from '@/components/UndoToast';
import { ApiError, countTasks, createTask, deleteTask, listTasks, setCompleted, updateTask } from './api';
import { DeferredDeletes } from './deferred';
import {
  apiQuery,
  countQuery,
  FIRST_PAGE,
  pageKey,
  PAGE_SIZE,
  readView,
  viewSearch,
  type ViewState,
} from './task-query';

export const UNDO_MS = 5000;

const CONFLICT =
  'This task was changed elsewhere since you opened it. Save again to replace that change with yours, or cancel to see it.';

export const messageOf = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);
export const isSessionEnd = (error: unknown) => error instanceof ApiError && error.status === 401;

/** "“Buy milk”", or "3 tasks". */
export const names = (tasks: Task[]) => (tasks.length === 1 ? `“${tasks[0].title}”` : `${tasks.length} tasks`);

export function without<T>(set: ReadonlySet<T>, values: T[]): ReadonlySet<T> {
  const next = new Set(set);
  for (const value of values) next.delete(value);
  return next;
}

interface Options {
  /** Undefined until the user is known. */
  userId?: string;
  timeZone: string;
  /** The first page the server rendered, for the view `key` names. */
  initialPage?: { key: string; page: TaskPage };
  onSessionEnd: () => void;
}

/**
 * The task list's state: the view in the URL (history entries, paging), the page of that view and its totals,
 * changes shown at once and then confirmed or rolled back, deletes held for their undo window, and the toast that
 * undoes. The component renders it; focus and announcements stay there.
 */
export function useTaskList({ userId, timeZone, initialPage, onSessionEnd }: Options) {
  const pathname = usePathname();
  const search = useSearchParams();
  const view = useMemo(() => readView(search), [search]);
  const key = pageKey(view, timeZone);

  const [list, setList] = useState<{ key: string; page: TaskPage } | undefined>(initialPage);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pending, setPending] = useState<ReadonlySet<number>>(new Set());
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [actionError, setActionError] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  // Counts changes made from this page: a list fetched before the latest change would undo its optimistic state.
  const changes = useRef(0);
  const toasts = useRef(0);
  // The request the list answers: the server's render answered the first one.
  const request = `${userId}|${key}|${reloads}`;
  const answered = useRef(userId && initialPage ? `${userId}|${initialPage.key}|0` : '');
  const loading = Boolean(userId) && list?.key !== key && !loadError;

  useEffect(() => {
    if (!userId || answered.current === request) return;
    answered.current = request;
    const changesAtStart = changes.current;
    // Only the latest request's answer counts, and none from before the latest change on this page.
    const current = () => answered.current === request && changesAtStart === changes.current;
    listTasks(userId, apiQuery(view, timeZone)).then(
      (page) => {
        if (!current()) return;
        setList({ key, page });
        setLoadError(null);
      },
      (error: unknown) => {
        if (answered.current !== request) return;
        if (isSessionEnd(error)) return onSessionEnd();
        setLoadError(messageOf(error, 'Could not load your tasks.'));
      },
    );
  }, [userId, request, key, view, timeZone, onSessionEnd]);

  // The totals of the view (all its pages): fetched after the list, so the server's render never waits for them.
  const countKey = `${userId}|${pageKey({ ...view, cursor: undefined, trail: [] }, timeZone)}|${reloads}`;
  const [counts, setCounts] = useState<{ key: string; value: TaskCounts }>();
  useEffect(() => {
    if (!userId) return;
    let live = true;
    countTasks(userId, countQuery(apiQuery(view, timeZone))).then(
      (value) => live && setCounts({ key: countKey, value }),
      () => undefined, // the totals are a convenience: the list works without them
    );
    return () => {
      live = false;
    };
  }, [userId, countKey, view, timeZone]);

  const deletes = useMemo(
    () =>
      new DeferredDeletes(async (id) => {
        if (!userId) return;
        try {
          await deleteTask(userId, id);
        } catch (error) {
          if (!(error instanceof ApiError && error.status === 404)) {
            setHidden((prev) => without(prev, [id]));
            if (isSessionEnd(error)) onSessionEnd();
            else setActionError(`Could not delete a task: ${messageOf(error, 'try again')}`);
          }
        } finally {
          changes.current += 1;
          reload();
        }
      }),
    [userId, reload, onSessionEnd],
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
  const closeToast = useCallback(() => setToast(null), []);

  const items = (list?.page.items ?? []).filter((task) => !hidden.has(task.id));

  function showToast(message: string, undo: () => void) {
    toasts.current += 1;
    setToast({ id: toasts.current, message, undo });
  }

  function updateItems(change: (task: Task) => Task) {
    setList((prev) => prev && { ...prev, page: { ...prev.page, items: prev.page.items.map(change) } });
  }

  function markPending(ids: number[], on: boolean) {
    setPending((prev) => (on ? new Set([...prev, ...ids]) : without(prev, ids)));
  }

  /** Completes or reopens tasks at once on screen; the server's answer follows, with an undo. */
  async function complete(tasks: Task[], completed: boolean, offerUndo = true) {
    if (!userId || tasks.length === 0) return;
    const ids = tasks.map((t) => t.id);
    changes.current += 1;
    setActionError(null);
    markPending(ids, true);
    updateItems((t) => (ids.includes(t.id) ? { ...t, completed } : t));
    const results = await Promise.allSettled(tasks.map((t) => setCompleted(userId, t.id, completed)));
    markPending(ids, false);
    const failed = tasks.filter((_, i) => results[i].status === 'rejected');
    const reason = results.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined;
    if (failed.length) {
      updateItems((t) => (failed.some((f) => f.id === t.id) ? { ...t, completed: !completed } : t));
      if (isSessionEnd(reason?.reason)) onSessionEnd();
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

  /** Hides tasks at once and deletes them when the undo window has passed; `onUndo` runs after an undo. */
  function remove(tasks: Task[], message: string, onUndo: () => void) {
    if (!userId || tasks.length === 0) return;
    deletes.flush();
    const ids = tasks.map((t) => t.id);
    setHidden((prev) => new Set([...prev, ...ids]));
    for (const id of ids) deletes.schedule(id, `/api/${encodeURIComponent(userId)}/tasks/${id}`, UNDO_MS);
    showToast(message, () => {
      for (const id of ids) deletes.cancel(id);
      setHidden((prev) => without(prev, ids));
      onUndo();
    });
  }

  /** The completed tasks of every page (up to 1,000), to delete; undefined when that failed (the error is shown). */
  async function completedTasks(): Promise<Task[] | undefined> {
    if (!userId) return undefined;
    try {
      const done: Task[] = [];
      let cursor: string | undefined;
      do {
        const page = await listTasks(userId, { status: 'completed', limit: 100, cursor });
        done.push(...page.items);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && done.length < 1000);
      return done;
    } catch (error) {
      if (isSessionEnd(error)) onSessionEnd();
      else setActionError(`Could not clear completed tasks: ${messageOf(error, 'try again')}`);
      return undefined;
    }
  }

  async function create(input: TaskCreate) {
    if (!userId) return;
    await createTask(userId, input);
    changes.current += 1;
    reload();
  }

  /** Saves an edit with the version it started from; a conflict reloads the latest and says so. */
  async function save(task: Task, input: TaskCreate) {
    if (!userId) return;
    try {
      await updateTask(userId, task, input);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 412)) throw error;
      reload(); // the latest version: saving again replaces it with this edit
      throw new ApiError(412, error.code, CONFLICT);
    }
    changes.current += 1;
    reload();
  }

  const pageNumber = view.cursor ? view.trail.length + 1 : 1;
  const nextCursor = list?.page.next_cursor ?? null;
  // Tasks hidden for their undo window are not left, though the server still counts them.
  const hiddenPending = (list?.page.items ?? []).filter((t) => hidden.has(t.id) && !t.completed).length;

  return {
    view,
    navigate,
    clearFilters,
    /** Paging: the page's number, its first task's position, and moves back and on (new history entries). */
    paging: {
      number: pageNumber,
      first: (pageNumber - 1) * PAGE_SIZE + 1,
      hasNext: Boolean(nextCursor),
      previous: () => {
        const previous = view.trail.at(-1);
        navigate({ ...view, cursor: previous === FIRST_PAGE ? undefined : previous, trail: view.trail.slice(0, -1) });
      },
      next: () => {
        if (nextCursor) navigate({ ...view, cursor: nextCursor, trail: [...view.trail, view.cursor ?? FIRST_PAGE] });
      },
    },
    list,
    items,
    loading,
    loadError,
    reload,
    left: counts ? Math.max(0, counts.value.pending - hiddenPending) : undefined,
    total: counts?.value.total,
    pending,
    actionError,
    complete,
    remove,
    completedTasks,
    create,
    save,
    toast,
    closeToast,
    flushDeletes: () => deletes.flush(),
  };
}
