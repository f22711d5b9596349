import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
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

/** Drives `url` with autocannon for `seconds`; non-2xx answers count as errors. */
export async function load(name: string, options: LoadOptions): Promise<LoadResult> {
  process.stdout.write(`  ${name}: ${options.seconds}s with ${options.connections} connections... `);
  let next = 0;
  const paths = options.paths;
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    duration: options.seconds,
    ...(paths
      ? { requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }] }
      : {}),
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(`${Math.round(result.requests.average)} req/s${errors ? `, ${errors} errors` : ''}`);
  if (errors) throw new Error(`${name}: ${errors} requests failed`);
  return { requestsPerSecond: result.requests.average, p99: result.latency.p99 };
}
