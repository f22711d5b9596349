'use client';

import type { KeyboardEvent } from 'react';
import type { Task } from '@todo/contracts';
import { formatDue, isOverdue } from '@/lib/dates';

interface Props {
  task: Task;
  timeZone: string;
  /** A change of this task is on its way to the server. */
  pending: boolean;
  /** Selection for the actions on several tasks; absent when not selecting. */
  selected?: boolean;
  onSelect: (selected: boolean) => void;
  onToggle: () => void;
  onEdit: () => void;
  onDelete: () => void;
  onTag: (tag: string) => void;
}

/** The ids other code focuses: after an edit, a delete or an undo. */
export const taskControlId = (id: number, control: 'toggle' | 'edit') => `task-${id}-${control}`;

/** One task: complete it, edit it (button, double-click, or Enter on its checkbox), delete it, filter by its tags. */
export function TaskItem({ task, timeZone, pending, selected, onSelect, onToggle, onEdit, onDelete, onTag }: Props) {
  const overdue = isOverdue(task);
  const enterEdits = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onEdit();
    }
  };
  return (
    <li
      className={`task${task.completed ? ' done' : ''}${overdue ? ' overdue' : ''}${pending ? ' pending' : ''}`}
      data-testid="task"
      aria-busy={pending}
    >
      {selected !== undefined && (
        <label className="touch">
          <input
            type="checkbox"
            className="select"
            checked={selected}
            onChange={(event) => onSelect(event.target.checked)}
            aria-label={`Select ${task.title}`}
          />
        </label>
      )}
      <label className="touch">
        <input
          id={taskControlId(task.id, 'toggle')}
          type="checkbox"
          checked={task.completed}
          disabled={pending}
          onChange={onToggle}
          onKeyDown={enterEdits}
          aria-label={`${task.completed ? 'Mark pending' : 'Mark complete'}: ${task.title}`}
        />
      </label>
      <div className="grow" onDoubleClick={onEdit}>
        <p className="title">{task.title}</p>
        {task.description && <p className="muted description">{task.description}</p>}
        <p className="meta">
          <span className={`badge priority-${task.priority}`}>{task.priority}</span>
          {task.tags.map((tag) => (
            <button
              key={tag}
              type="button"
              className="badge tag"
              onClick={() => onTag(tag)}
              aria-label={`Show tasks tagged ${tag}`}
            >
              #{tag}
            </button>
          ))}
          {task.due_at && (
            <span className={overdue ? 'due overdue-label' : 'due'}>
              {overdue ? 'Overdue: ' : 'Due '}
              <time dateTime={task.due_at}>{formatDue(task.due_at, timeZone)}</time>
            </span>
          )}
        </p>
      </div>
      <div className="actions">
        <button id={taskControlId(task.id, 'edit')} type="button" onClick={onEdit} aria-label={`Edit ${task.title}`}>
          Edit
        </button>
        <button
          type="button"
          className="danger"
          // The second click of a double click lands on whatever slid under the pointer: never a second delete.
          onClick={(event) => event.detail < 2 && onDelete()}
          disabled={pending}
          aria-label={`Delete ${task.title}`}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
