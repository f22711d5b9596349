import type { FieldIssue } from '@todo/contracts';
import { TASK_LIMITS } from '@todo/contracts/limits';

/** The form's fields the API can refuse; anything else is said about the form as a whole. */
export type TaskField = 'title' | 'description' | 'tags' | 'due_at' | 'priority';
export type FieldErrors = Partial<Record<TaskField | 'form', string>>;

const FIELDS: readonly TaskField[] = ['title', 'description', 'tags', 'due_at', 'priority'];

/** One issue in plain words, from the field and the validator's message. */
function plain(field: TaskField, issue: FieldIssue): string {
  const { message } = issue;
  const tooLong = /more than (\d+) characters/.exec(message);
  const tooMany = /more than (\d+) items/.exec(message);
  switch (field) {
    case 'title':
      if (tooLong) return `Keep the title under ${Number(tooLong[1]) + 1} characters.`;
      return 'Give the task a title.';
    case 'description':
      if (tooLong) return `Keep the description to ${TASK_LIMITS.descriptionMax} characters.`;
      return 'The description has characters that cannot be kept (control characters).';
    case 'tags':
      if (tooMany) return `Use at most ${tooMany[1]} tags.`;
      if (/duplicate/.test(message)) return 'Each tag only once, please.';
      if (tooLong) return `Keep each tag to ${tooLong[1]} characters.`;
      return 'Tags are words separated by commas.';
    case 'due_at':
      return 'Pick a valid due date.';
    case 'priority':
      return 'Pick low, medium or high.';
  }
}

/** Maps the API's `details` to the form's fields; what matches no field goes to `form`. */
export function fieldErrors(details: readonly FieldIssue[], fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of details) {
    const field = FIELDS.find((name) => issue.field === name || issue.field.startsWith(`${name}/`));
    if (field) errors[field] ??= plain(field, issue);
  }
  if (Object.keys(errors).length === 0) errors.form = fallback;
  return errors;
}

/** Tags as the user typed them, trimmed, in lower case, each once, empty ones dropped. */
export function normaliseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim().replace(/^#+/, '').trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}
