'use client';

import { Field } from './Field';
import { PriorityOptions } from './PriorityOptions';
import { useState, type FormEvent } from 'react';
import type { TaskListQuery } from '@todo/contracts';

export type Filters = Pick<TaskListQuery, 'status' | 'priority' | 'tag' | 'q' | 'sort' | 'order'>;

/** Status, priority, tag, keyword, sort and order; selects apply at once, text applies on Enter or Apply. */
export function TaskFilters({ value, onChange }: { value: Filters; onChange: (next: Filters) => void }) {
  const [q, setQ] = useState(value.q ?? '');
  const [tag, setTag] = useState(value.tag ?? '');
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch });

  function applyText(event: FormEvent) {
    event.preventDefault();
    set({ q: q.trim() || undefined, tag: tag.trim() || undefined });
  }

  return (
    <form className="filters" onSubmit={applyText} aria-label="Filter tasks" role="search">
      <Field label="Search">
        {(id) => (
          <input
            id={id}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="keyword"
            maxLength={200}
          />
        )}
      </Field>
      <Field label="Tag">
        {(id) => (
          <input id={id} value={tag} onChange={(e) => setTag(e.target.value)} placeholder="any" maxLength={32} />
        )}
      </Field>
      <Field label="Status">
        {(id) => (
          <select
            id={id}
            value={value.status ?? 'all'}
            onChange={(e) => set({ status: e.target.value as Filters['status'] })}
          >
            <option value="all">all</option>
            <option value="pending">pending</option>
            <option value="completed">completed</option>
          </select>
        )}
      </Field>
      <Field label="Priority">
        {(id) => (
          <select
            id={id}
            value={value.priority ?? ''}
            onChange={(e) => set({ priority: (e.target.value || undefined) as Filters['priority'] })}
          >
            <option value="">any</option>
            <PriorityOptions />
          </select>
        )}
      </Field>
      <Field label="Sort by">
        {(id) => (
          <select
            id={id}
            value={value.sort ?? 'created'}
            onChange={(e) => set({ sort: e.target.value as Filters['sort'], order: undefined })}
          >
            <option value="created">created</option>
            <option value="updated">updated</option>
            <option value="due">due date</option>
            <option value="priority">priority</option>
            <option value="title">title</option>
          </select>
        )}
      </Field>
      <Field label="Order">
        {(id) => (
          <select
            id={id}
            value={value.order ?? ''}
            onChange={(e) => set({ order: (e.target.value || undefined) as Filters['order'] })}
          >
            <option value="">default</option>
            <option value="asc">ascending</option>
            <option value="desc">descending</option>
          </select>
        )}
      </Field>
      <button type="submit">Apply</button>
    </form>
  );
}
