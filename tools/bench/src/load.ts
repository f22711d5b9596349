// The load generator: Debian's `wrk` (C, multi-threaded) as its own process, so that it never competes with the
// measured server for a Node event loop. A Lua script gives each request its method, headers, body and path, and
// prints the figures as JSON when the run ends.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LoadResult {
  requestsPerSecond: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
}

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  method?: 'GET' | 'POST' | 'PATCH';
  headers?: Record<string, string>;
  body?: string;
  /** Paths to rotate through, one per request (e.g. a different task each time). */
  paths?: string[];
}

/** Why the load generator cannot run here, or undefined when it can. */
export async function wrkUnavailable(): Promise<string | undefined> {
  return run('wrk', ['--version']).then(
    () => undefined,
    (error: NodeJS.ErrnoException & { stdout?: string }) =>
      // wrk --version prints its banner and exits 1.
      error.code === 'ENOENT' ? 'no wrk on the PATH (Debian: apt-get install wrk)' : undefined,
  );
}

const lua = (value: string) => JSON.stringify(value); // a JSON string literal is a valid Lua string literal here

function script(options: LoadOptions): string {
  const headers = Object.entries(options.headers ?? {})
    .map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`)
    .join('\n');
  const paths = options.paths ?? [new URL(options.url).pathname + new URL(options.url).search];
  return `
wrk.method = ${lua(options.method ?? 'GET')}
${options.body === undefined ? '' : `wrk.body = ${lua(options.body)}`}
${headers}
local paths = { ${paths.map(lua).join(', ')} }
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, paths[(n % #paths) + 1])
end
done = function(summary, latency)
  local e = summary.errors
  io.write(string.format('\\n{"requests": %d, "micros": %d, "errors": %d, "p50": %d, "p99": %d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;
}

/**
 * Drives `url` with wrk for `seconds` after a warm-up of `warmup` seconds (not counted); any non-2xx/3xx answer,
 * timeout or socket error fails the scenario.
 */
export async function load(name: string, options: LoadOptions, warmup = 0): Promise<LoadResult> {
  process.stdout.write(`  ${name}: ${options.seconds}s with ${options.connections} connections... `);
  const dir = await mkdtemp(join(tmpdir(), 'todo-bench-wrk-'));
  try {
    const file = join(dir, 'scenario.lua');
    await writeFile(file, script(options));
    const wrk = (seconds: number) =>
      run(
        'wrk',
        [
          `-t${Math.min(2, options.connections)}`,
          `-c${options.connections}`,
          `-d${seconds}s`,
          '--timeout',
          '10s',
          '-s',
          file,
          options.url,
        ],
        {
          maxBuffer: 1 << 20,
        },
      );
    if (warmup > 0) await wrk(warmup);
    const { stdout } = await wrk(options.seconds);
    const figures = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      requests: number;
      micros: number;
      errors: number;
      p50: number;
      p99: number;
    };
    const result = {
      requestsPerSecond: figures.requests / (figures.micros / 1e6),
      p50: figures.p50 / 1000,
      p99: figures.p99 / 1000,
    };
    console.log(`${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99.toFixed(1)} ms`);
    if (figures.errors) throw new Error(`${name}: ${figures.errors} of ${figures.requests} requests failed`);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
