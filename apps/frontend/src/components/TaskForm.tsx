'use client';

import { Field } from './Field';
import { PriorityOptions } from './PriorityOptions';
import { useState, type FormEvent } from 'react';
import type { Priority, Task, TaskCreate } from '@todo/contracts';
import { TASK_LIMITS } from '@todo/contracts/limits';
import { ApiError } from '@/lib/api';
import { isoToLocalInput, localInputToIso } from '@/lib/dates';

interface Props {
  /** The task being edited; absent when creating. */
  task?: Task;
  submitLabel: string;
  onSubmit: (input: TaskCreate) => Promise<void>;
  onCancel?: () => void;
}

const parseTags = (text: string) =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);

/** Create or edit a task; the server's validation messages are shown beside the form. */
export function TaskForm({ task, submitLabel, onSubmit, onCancel }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = task ? `edit-${task.id}` : 'new';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input: TaskCreate = {
      title: String(form.get('title')),
      description: String(form.get('description')) || null,
      priority: String(form.get('priority')) as Priority,
      tags: parseTags(String(form.get('tags'))),
      due_at: localInputToIso(String(form.get('due_at'))),
    };
    setBusy(true);
    setError(null);
    try {
      await onSubmit(input);
      if (!task) formElement.reset();
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : undefined;
      const fields = apiError?.details.map((issue) => `${issue.field} ${issue.message}`).join('; ');
      setError(fields ? `${apiError?.message ?? ''} (${fields})` : (apiError?.message ?? 'Could not save the task.'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="task-form" aria-label={task ? `Edit ${task.title}` : 'New task'}>
      <Field label="Title" className="grow">
        {(id) => <input id={id} name="title" required maxLength={TASK_LIMITS.titleMax} defaultValue={task?.title} />}
      </Field>
      <Field label="Description" className="grow">
        {(id) => (
          <textarea
            id={id}
            name="description"
            rows={2}
            maxLength={TASK_LIMITS.descriptionMax}
            defaultValue={task?.description ?? ''}
          />
        )}
      </Field>
      <div className="row">
        <Field label="Priority">
          {(id) => (
            <select id={id} name="priority" defaultValue={task?.priority ?? 'medium'}>
              <PriorityOptions />
            </select>
          )}
        </Field>
        <Field label="Tags" hint="(comma-separated)">
          {(id) => <input id={id} name="tags" defaultValue={task?.tags.join(', ')} placeholder="work, home" />}
        </Field>
        <Field label="Due">
          {(id) => (
            <input id={id} name="due_at" type="datetime-local" defaultValue={isoToLocalInput(task?.due_at ?? null)} />
          )}
        </Field>
      </div>
      {error && (
        <p role="alert" className="error" id={`${id}-error`}>
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
