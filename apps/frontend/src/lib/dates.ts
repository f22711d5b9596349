/** `<input type="datetime-local">` value (local time) to an ISO instant, and back. */
export function localInputToIso(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

export function isoToLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const offset = date.getTimezoneOffset() * 60_000;
  return new Date(date.getTime() - offset).toISOString().slice(0, 16);
}

export function isOverdue(task: { due_at: string | null; completed: boolean }, now = Date.now()): boolean {
  return !task.completed && task.due_at !== null && Date.parse(task.due_at) < now;
}

export function formatDue(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
