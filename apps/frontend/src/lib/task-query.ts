import type { Priority, SortOrder, TaskCountQuery, TaskListQuery, TaskSort, TaskStatus } from '@todo/contracts';
import { PRIORITIES, TASK_LIMITS } from '@todo/contracts/limits';
import { endOfDay } from './dates';

export const PAGE_SIZE = 20;

export type TaskView = 'all' | 'today' | 'upcoming';

/** What the task page shows, as it stands in the URL's search params (shareable, Back/Forward, reload). */
export interface ViewState {
  view: TaskView;
  q?: string;
  tag?: string;
  status?: TaskStatus;
  priority?: Priority;
  sort?: TaskSort;
  order?: SortOrder;
  /** The current page's cursor, and the cursors of the pages before it (for Previous; the first is FIRST_PAGE). */
  cursor?: string;
  trail: string[];
}

const STATUSES: readonly TaskStatus[] = ['all', 'pending', 'completed'];
const SORTS: readonly TaskSort[] = ['created', 'updated', 'due', 'priority', 'title'];
const VIEWS: readonly TaskView[] = ['all', 'today', 'upcoming'];

const oneOf = <T extends string>(values: readonly T[], value: string | null | undefined): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;

const text = (value: string | null | undefined, max: number) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max) : undefined;
};

type Params = Pick<URLSearchParams, 'get'>;

/** Reads the view from search params; anything unknown or malformed is dropped, never sent to the API. */
export function readView(params: Params): ViewState {
  const cursor = text(params.get('cursor'), 512);
  return {
    view: oneOf(VIEWS, params.get('view')) ?? 'all',
    q: text(params.get('q'), TASK_LIMITS.titleMax),
    tag: text(params.get('tag'), TASK_LIMITS.tagMax)?.toLowerCase(),
    status: oneOf(STATUSES, params.get('status')),
    priority: oneOf(PRIORITIES, params.get('priority')),
    sort: oneOf(SORTS, params.get('sort')),
    order: oneOf(['asc', 'desc'] as const, params.get('order')),
    cursor,
    trail: cursor ? (params.get('trail')?.split(' ').filter(Boolean) ?? []).slice(0, 100) : [],
  };
}

/** Search params from a Next.js page's `searchParams` prop (repeated keys: the first wins). */
export function paramsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) params.set(key, first);
  }
  return params;
}

/** The search string of a view: only what differs from the defaults, in a stable order. */
export function viewSearch(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.view !== 'all') params.set('view', state.view);
  if (state.q) params.set('q', state.q);
  if (state.tag) params.set('tag', state.tag);
  if (state.status && state.status !== 'all') params.set('status', state.status);
  if (state.priority) params.set('priority', state.priority);
  if (state.sort && state.sort !== 'created') params.set('sort', state.sort);
  if (state.order) params.set('order', state.order);
  if (state.cursor) {
    params.set('cursor', state.cursor);
    if (state.trail.length) params.set('trail', state.trail.join(' '));
  }
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** Whether anything narrows the list (a view, search, tag, status or priority). */
export const isFiltered = (state: ViewState) =>
  state.view !== 'all' || Boolean(state.q || state.tag || state.priority || (state.status && state.status !== 'all'));

/**
 * The API query for a view. A search of `#word` is the tag `word`; tags are compared in lower case; sorting by
 * priority puts high first unless asked otherwise; Today is what is due by the end of today (overdue included),
 * Upcoming what is due after it, both pending and by due date, in the user's time zone.
 */
export function apiQuery(state: ViewState, timeZone: string, now = new Date()): TaskListQuery {
  const hashTag = state.q?.startsWith('#') ? text(state.q.slice(1), TASK_LIMITS.tagMax) : undefined;
  const sort = state.sort ?? (state.view === 'all' ? undefined : 'due');
  const query: TaskListQuery = {
    q: hashTag ? undefined : state.q,
    tag: (hashTag ?? state.tag)?.toLowerCase(),
    status: state.view === 'all' ? state.status : 'pending',
    priority: state.priority,
    sort,
    order: state.order ?? (sort === 'priority' ? 'desc' : undefined),
    limit: PAGE_SIZE,
    cursor: state.cursor,
  };
  if (state.view !== 'all') {
    // The API's bounds are strict; an all-day task of today is due at the day's last millisecond.
    const last = endOfDay(now, timeZone).getTime();
    if (state.view === 'today') query.due_before = new Date(last + 1).toISOString();
    else query.due_after = new Date(last).toISOString();
  }
  for (const key of Object.keys(query) as (keyof TaskListQuery)[]) if (query[key] === undefined) delete query[key];
  return query;
}

/** A stable key of an API query without its moving parts, to tell whether a loaded page answers it. */
export function queryKey(query: TaskListQuery): string {
  const { due_before: before, due_after: after, ...rest } = query;
  return JSON.stringify({ ...rest, dated: before ? 'before' : after ? 'after' : undefined });
}

/** The key of the page a view shows in a time zone: the server's render and the browser compute the same one. */
export function pageKey(state: ViewState, timeZone: string): string {
  return queryKey(apiQuery(state, timeZone)) + (state.view === 'all' ? '' : ` ${timeZone}`);
}

/** The first page stands in the trail as this mark: a cursor is never empty. */
export const FIRST_PAGE = '-';

/** The filters of a list query, for its totals (no sort, no paging). */
export function countQuery(query: TaskListQuery): TaskCountQuery {
  const { status, priority, tag, q, due_before, due_after } = query;
  return Object.fromEntries(
    Object.entries({ status, priority, tag, q, due_before, due_after }).filter(([, value]) => value !== undefined),
  );
}
