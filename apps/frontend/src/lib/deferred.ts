'use client';

/**
 * Deletes sent only when their undo window has passed. If the page goes away first, they are sent at once with
 * `keepalive`, so a deleted task stays deleted.
 */
export class DeferredDeletes {
  private readonly waiting = new Map<number, { url: string; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly send: (id: number) => Promise<void>) {}

  schedule(id: number, url: string, delayMs: number): void {
    this.cancel(id);
    const timer = setTimeout(() => {
      this.waiting.delete(id);
      void this.send(id);
    }, delayMs);
    this.waiting.set(id, { url, timer });
  }

  /** Undo: the task was never deleted. */
  cancel(id: number): boolean {
    const entry = this.waiting.get(id);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.waiting.delete(id);
    return true;
  }

  /** Sends every waiting delete now (a newer undo replaces the older one). */
  flush(): void {
    for (const [id, entry] of this.waiting) {
      clearTimeout(entry.timer);
      this.waiting.delete(id);
      void this.send(id);
    }
  }

  /** The page is going away: fire-and-forget requests that outlive it. */
  flushOnUnload(): void {
    for (const [id, entry] of this.waiting) {
      clearTimeout(entry.timer);
      this.waiting.delete(id);
      void fetch(entry.url, { method: 'DELETE', credentials: 'same-origin', keepalive: true }).catch(() => undefined);
    }
  }
}
