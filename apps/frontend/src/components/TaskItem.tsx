'use client';

import type { Task } from '@todo/contracts';
import { formatDue, isOverdue } from '@/lib/dates';

interface Props {
  task: Task;
  onToggle: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

export function TaskItem({ task, onToggle, onEdit, onDelete }: Props) {
  const overdue = isOverdue(task);
  return (
    <li className={`task${task.completed ? ' done' : ''}${overdue ? ' overdue' : ''}`} data-testid="task">
      <input
        type="checkbox"
        checked={task.completed}
        onChange={onToggle}
        aria-label={`${task.completed ? 'Mark pending' : 'Mark complete'}: ${task.title}`}
      />
      <div className="grow">
        <p className="title">{task.title}</p>
        {task.description && <p className="muted">{task.description}</p>}
        <p className="meta">
          <span className={`badge priority-${task.priority}`}>{task.priority}</span>
          {task.tags.map((tag) => (
            <span key={tag} className="badge tag">
              #{tag}
            </span>
          ))}
          {task.due_at && (
            <span className={overdue ? 'due overdue-label' : 'due'}>
              {overdue ? 'Overdue: ' : 'Due '}
              <time dateTime={task.due_at}>{formatDue(task.due_at)}</time>
            </span>
          )}
        </p>
      </div>
      <div className="actions">
        <button type="button" onClick={onEdit} aria-label={`Edit ${task.title}`}>
          Edit
        </button>
        <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${task.title}`}>
          Delete
        </button>
      </div>
    </li>
  );
}
