import type { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { RedisConfig } from '../config.js';

/** After a failed command, Redis is skipped this long before it is tried again: a hung server costs one timeout. */
const BACKOFF_MS = 1000;
/** Writes kept for retry while Redis is away; past this, the whole cache is dropped when it returns. */
const MAX_PENDING = 10_000;

/** Every key this app writes starts with this, so a shared Redis can be told apart and cleared. */
export const KEY_PREFIX = 'todo:';

type Command<T> = (redis: Redis) => Promise<T>;

/**
 * The optional Redis behind a fail-open wrapper: a command that fails (Redis down, slow, or not yet connected)
 * answers undefined and the caller uses the database. Writes that must not be lost (a session deleted, a task list
 * invalidated) are kept and replayed when Redis answers again; until then their keys read as absent.
 */
export class RedisConnection {
  private available = true;
  private skipUntil = 0;
  private readonly pending = new Map<string, Command<unknown>>();
  /** More writes were missed than kept: every key of ours is dropped before Redis is used again. */
  private dropAll = false;
  private replaying = false;

  constructor(
    readonly client: Redis,
    private readonly log: FastifyBaseLogger,
  ) {
    client.on('error', (err: Error) => this.failed(err));
    client.on('ready', () => void this.recovered());
  }

  /** Runs `command`, or answers undefined when Redis is away or the command fails. */
  async run<T>(command: Command<T>): Promise<T | undefined> {
    if (this.client.status !== 'ready' || Date.now() < this.skipUntil) return undefined;
    if (!this.available || this.pending.size > 0 || this.dropAll) void this.recovered();
    if (this.dropAll) return undefined;
    try {
      return await command(this.client);
    } catch (err) {
      this.failed(err as Error);
      return undefined;
    }
  }

  /**
   * A write that must happen: run now, or kept under `key` (the latest one wins) and replayed later. `replay` is what
   * is kept, when replaying the write itself could be wrong by then (a value another replica has since removed).
   */
  async runOrRetry(key: string, command: Command<unknown>, replay: Command<unknown> = command): Promise<void> {
    this.pending.delete(key);
    if ((await this.run(command)) !== undefined) return;
    if (this.pending.size >= MAX_PENDING) {
      this.pending.clear();
      this.dropAll = true;
    } else if (!this.dropAll) this.pending.set(key, replay);
  }

  /** True while a write to `key` waits for Redis: what Redis holds for it may be stale, so it must not be read. */
  isPending(key: string): boolean {
    return this.dropAll || this.pending.has(key);
  }

  /** Resolves once connected, or after `ms` without failing: start-up never waits long for an optional cache. */
  async connected(ms: number): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.client.once('ready', done);
    });
  }

  /** No QUIT: a Redis that is away would make shutdown wait. */
  close(): void {
    this.client.disconnect();
  }

  private failed(err: Error) {
    this.skipUntil = Date.now() + BACKOFF_MS;
    if (!this.available) return;
    this.available = false;
    this.log.warn({ err }, 'redis unavailable: serving from the database until it returns');
  }

  /** Redis answers again: replay the kept writes (or drop every key of ours), then use it again. */
  private async recovered() {
    if (this.replaying || this.client.status !== 'ready') return;
    this.replaying = true;
    try {
      if (this.dropAll) {
        await this.dropEverything();
        this.dropAll = false;
      }
      for (const [key, command] of this.pending) {
        await command(this.client);
        // Unless a newer write for the key failed meanwhile.
        if (this.pending.get(key) === command) this.pending.delete(key);
      }
      this.skipUntil = 0;
      if (!this.available) this.log.info('redis available again');
      this.available = true;
    } catch (err) {
      this.failed(err as Error);
    } finally {
      this.replaying = false;
    }
  }

  private async dropEverything() {
    for await (const keys of this.client.scanStream({ match: `${KEY_PREFIX}*`, count: 500 }))
      if ((keys as string[]).length > 0) await this.client.unlink(...(keys as string[]));
  }
}

/**
 * ioredis with short timeouts and no offline queue: while disconnected a command fails at once, never waits.
 * Imported here, so that a server without Redis does not load it.
 */
export async function createRedisConnection(config: RedisConfig, log: FastifyBaseLogger): Promise<RedisConnection> {
  const { Redis } = await import('ioredis');
  const client = new Redis(config.url, {
    ...(config.password === undefined ? {} : { password: config.password }),
    commandTimeout: config.timeoutMs,
    connectTimeout: Math.max(1000, config.timeoutMs),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Reconnects forever, at most a second apart, so the cache is used again soon after Redis returns.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    connectionName: 'todo-backend',
  });
  return new RedisConnection(client, log);
}
