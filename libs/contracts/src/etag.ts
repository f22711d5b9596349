// No imports: browser code takes this at run time (`@todo/contracts/etag`).

/**
 * A task's strong entity tag: its id and the millisecond of its last change. Every write moves `updated_at`
 * forward by at least a millisecond, so the tag names one version; send it as `If-Match` on PUT and on
 * PATCH .../complete to have the write refused (412) when the task changed since it was read.
 */
export const taskEtag = (task: { id: number; updated_at: string }): string =>
  `"${task.id}-${Date.parse(task.updated_at)}"`;

/** The version (`updated_at` in epoch milliseconds) a tag names for task `id`, or undefined when it names none. */
export function taskVersionOf(etag: string, id: number): number | undefined {
  const match = /^"(\d+)-(\d+)"$/.exec(etag.trim());
  return match && Number(match[1]) === id ? Number(match[2]) : undefined;
}
