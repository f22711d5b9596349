'use client';

import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { isFiltered, type TaskView, type ViewState } from '@/lib/task-query';
import { Field } from './Field';
import { PriorityOptions } from './PriorityOptions';

const SEARCH_DELAY_MS = 300;
export const SEARCH_ID = 'search';

const VIEWS: { view: TaskView; label: string }[] = [
  { view: 'all', label: 'All' },
  { view: 'today', label: 'Today' },
  { view: 'upcoming', label: 'Upcoming' },
];

interface Props {
  value: ViewState;
  /** A new view; `replace` for typing (one history entry per search, not per key). */
  onChange: (next: ViewState, mode?: 'push' | 'replace') => void;
  onClear: () => void;
}

/**
 * Views (All, Today, Upcoming), search as you type (`#tag` searches a tag; Escape clears it), status, priority,
 * sort and order. On a phone the selects fold away behind "Filters".
 */
export function TaskFilters({ value, onChange, onClear }: Props) {
  const [q, setQ] = useState(value.q ?? '');
  const [open, setOpen] = useState(false);
  const applied = value.q ?? '';

  // The box follows the URL when it changes (Back, Forward, a clicked tag, Clear filters).
  const [shown, setShown] = useState(applied);
  if (applied !== shown) {
    setShown(applied);
    setQ(applied);
  }

  useEffect(() => {
    const text = q.trim();
    if (text === applied) return;
    const timer = setTimeout(
      () => onChange({ ...value, q: text || undefined, cursor: undefined, trail: [] }, 'replace'),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [q, applied, value, onChange]);

  const set = (patch: Partial<ViewState>) => onChange({ ...value, ...patch, cursor: undefined, trail: [] });

  function searchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setQ('');
      if (value.q) set({ q: undefined });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      set({ q: q.trim() || undefined });
    }
  }

  return (
    <section className="filters-bar" aria-label="Filters">
      <nav className="views" aria-label="Views">
        {VIEWS.map(({ view, label }) => (
          <button
            key={view}
            type="button"
            aria-current={value.view === view ? 'page' : undefined}
            onClick={() => set({ view })}
          >
            {label}
          </button>
        ))}
      </nav>
      <form className="filters" role="search" aria-label="Filter tasks" onSubmit={(event) => event.preventDefault()}>
        <Field id={SEARCH_ID} label="Search" hint="(#tag for a tag)" className="search">
          {(control) => (
            <input
              {...control}
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={searchKey}
              placeholder="keyword or #tag"
              maxLength={200}
              autoComplete="off"
            />
          )}
        </Field>
        <button
          type="button"
          className="filters-toggle"
          aria-expanded={open}
          aria-controls="filter-controls"
          onClick={() => setOpen(!open)}
        >
          Filters
        </button>
        <div id="filter-controls" className={`filter-controls${open ? ' open' : ''}`}>
          <FilterSelect
            label="Status"
            value={value.view === 'all' ? (value.status ?? 'all') : 'pending'}
            disabled={value.view !== 'all'}
            onChange={(status) => set({ status: status as ViewState['status'] })}
          >
            <option value="all">all</option>
            <option value="pending">pending</option>
            <option value="completed">completed</option>
          </FilterSelect>
          <FilterSelect
            label="Show priority"
            value={value.priority ?? ''}
            onChange={(priority) => set({ priority: (priority || undefined) as ViewState['priority'] })}
          >
            <option value="">any</option>
            <PriorityOptions />
          </FilterSelect>
          <FilterSelect
            label="Sort by"
            value={value.sort ?? (value.view === 'all' ? 'created' : 'due')}
            onChange={(sort) => set({ sort: sort as ViewState['sort'], order: undefined })}
          >
            <option value="created">created</option>
            <option value="updated">updated</option>
            <option value="due">due date</option>
            <option value="priority">priority (high first)</option>
            <option value="title">title</option>
          </FilterSelect>
          <FilterSelect
            label="Order"
            value={value.order ?? ''}
            onChange={(order) => set({ order: (order || undefined) as ViewState['order'] })}
          >
            <option value="">default</option>
            <option value="asc">ascending</option>
            <option value="desc">descending</option>
          </FilterSelect>
        </div>
      </form>
      {(isFiltered(value) || value.sort || value.order) && (
        <p className="row active-filters">
          {value.tag && <span className="badge tag">Tag: #{value.tag}</span>}
          <button type="button" onClick={onClear}>
            Clear filters
          </button>
        </p>
      )}
    </section>
  );
}

/** One labelled select of the filters; `onChange` gets the chosen option's value. */
function FilterSelect({
  label,
  value,
  disabled,
  onChange,
  children,
}: {
  label: string;
  value: string;
  disabled?: boolean;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Field label={label}>
      {(control) => (
        <select {...control} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}
