'use client';

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Priority, Task, TaskCreate } from '@todo/contracts';
import { TASK_LIMITS } from '@todo/contracts/limits';
import { ApiError } from '@/lib/api';
import { dueToIso, isoToDue, timeZoneLabel } from '@/lib/dates';
import { clearDraft, restoreDraft, saveDraft } from '@/lib/draft';
import { fieldErrors, normaliseTags, type FieldErrors, type TaskField } from '@/lib/field-errors';
import { Field } from './Field';
import { PriorityOptions } from './PriorityOptions';

interface Props {
  /** The task being edited; absent when creating. */
  task?: Task;
  timeZone: string;
  submitLabel: string;
  onSubmit: (input: TaskCreate) => Promise<void>;
  onCancel?: () => void;
  /** A 401: the session ended. The form keeps what was typed. */
  onSessionEnded: () => void;
}

const NEW_DRAFT = 'todo:new-task';
/** The form's control names and the API field each one feeds. */
const FIELD_OF: Record<string, TaskField> = {
  title: 'title',
  description: 'description',
  priority: 'priority',
  tags: 'tags',
  due_day: 'due_at',
  due_time: 'due_at',
};

/**
 * Create or edit a task. Creating is a compact bar (title and Add) with the other fields under "More options".
 * The API's refusals show beside their fields in plain words and clear as the field is changed; Escape cancels an
 * edit. A new task's input is kept as a draft until it is added.
 */
export function TaskForm({ task, timeZone, submitLabel, onSubmit, onCancel, onSessionEnded }: Props) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [more, setMore] = useState(Boolean(task));
  const formRef = useRef<HTMLFormElement>(null);
  const due = isoToDue(task?.due_at ?? null, timeZone);

  useEffect(() => {
    if (!task && formRef.current && restoreDraft(NEW_DRAFT, formRef.current)) {
      const form = formRef.current;
      if (
        ['description', 'tags', 'due_day', 'due_time'].some(
          (name) => (form.elements.namedItem(name) as HTMLInputElement)?.value,
        )
      )
        setMore(true);
    }
  }, [task]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const input: TaskCreate = {
      title: String(form.get('title')).trim(),
      description: String(form.get('description') ?? '').trim() || null,
      priority: String(form.get('priority')) as Priority,
      tags: normaliseTags(String(form.get('tags') ?? '')),
      due_at: dueToIso(String(form.get('due_day') ?? ''), String(form.get('due_time') ?? ''), timeZone),
    };
    setBusy(true);
    setErrors({});
    try {
      await onSubmit(input);
      if (!task) {
        formElement.reset();
        clearDraft(NEW_DRAFT);
      }
    } catch (caught) {
      const apiError = caught instanceof ApiError ? caught : undefined;
      if (apiError?.status === 401) {
        onSessionEnded();
        setErrors({ form: 'Your session has ended. Sign in again to save this; what you typed is kept.' });
        if (!task) saveDraft(NEW_DRAFT, formElement);
        return;
      }
      const found = fieldErrors(apiError?.details ?? [], apiError?.message ?? 'Could not save the task.');
      setErrors(found);
      if (found.description || found.tags || found.due_at || found.priority) setMore(true);
      const first = Object.entries(FIELD_OF).find(([, field]) => found[field])?.[0];
      if (first) requestAnimationFrame(() => (formElement.elements.namedItem(first) as HTMLElement | null)?.focus());
    } finally {
      setBusy(false);
    }
  }

  /** A changed field's error goes; a new task's input is kept as a draft. */
  function changed(event: FormEvent<HTMLFormElement>) {
    const field = FIELD_OF[(event.target as HTMLInputElement).name];
    if (field && (errors[field] || errors.form))
      setErrors((prev) => ({ ...prev, [field]: undefined, form: undefined }));
    if (!task) saveDraft(NEW_DRAFT, event.currentTarget);
  }

  function keyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  }

  const details = (
    <>
      <Field label="Description" className="grow" error={errors.description}>
        {(control) => (
          <textarea
            {...control}
            name="description"
            rows={2}
            maxLength={TASK_LIMITS.descriptionMax}
            defaultValue={task?.description ?? ''}
          />
        )}
      </Field>
      <div className="row">
        <Field label="Priority" error={errors.priority}>
          {(control) => (
            <select {...control} name="priority" defaultValue={task?.priority ?? 'medium'}>
              <PriorityOptions />
            </select>
          )}
        </Field>
        <Field label="Tags" hint="(comma-separated)" error={errors.tags} className="grow">
          {(control) => (
            <input {...control} name="tags" defaultValue={task?.tags.join(', ')} placeholder="work, home" />
          )}
        </Field>
        <Field label="Due date" error={errors.due_at}>
          {(control) => <input {...control} name="due_day" type="date" defaultValue={due.day} />}
        </Field>
        <Field label="Time" hint="(empty: all day)">
          {(control) => <input {...control} name="due_time" type="time" defaultValue={due.time} />}
        </Field>
      </div>
      <p className="muted tz-label">Dates in {timeZoneLabel(timeZone)}</p>
    </>
  );

  return (
    <form
      ref={formRef}
      method="post" // sent before the scripts run, the task stays out of the URL
      onSubmit={submit}
      onInput={changed}
      onKeyDown={keyDown}
      className={`task-form${task ? '' : ' add-bar'}`}
      aria-label={task ? `Edit ${task.title}` : 'New task'}
      aria-busy={busy}
      noValidate
    >
      <div className="row">
        <Field id={task ? undefined : 'new-title'} label="Title" className="grow" error={errors.title}>
          {(control) => (
            <input
              {...control}
              name="title"
              required
              maxLength={TASK_LIMITS.titleMax}
              defaultValue={task?.title}
              autoFocus={Boolean(task)}
              placeholder={task ? undefined : 'What needs doing?'}
            />
          )}
        </Field>
        {!task && (
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Adding…' : submitLabel}
          </button>
        )}
      </div>
      {task ? (
        details
      ) : (
        <details open={more} onToggle={(event) => setMore(event.currentTarget.open)}>
          <summary>More options</summary>
          <div className="task-form">{details}</div>
        </details>
      )}
      {errors.form && (
        <p role="alert" className="error">
          {errors.form}
        </p>
      )}
      {task && (
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </form>
  );
}
