import { stopProcess } from '@todo/local-stack/processes';
import { startThrowawayStack, type Stack } from '@todo/local-stack/stack';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SpanKind, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

let receiver: OtlpReceiver;
let stack: Stack;
const backendLog: string[] = [];

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  // Only the endpoint switches tracing on; JSON so that this receiver reads it, short batches so that it is quick.
  const otel = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  stack = await startThrowawayStack({
    // The backend exports only when it stops: its spans arriving proves the flush on SIGTERM. Its access log
    // (info) carries the trace id.
    backendEnv: { ...otel, OTEL_BSP_SCHEDULE_DELAY: '600000', LOG_LEVEL: 'info' },
    frontendEnv: otel,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  stack.backend.stdout?.on('data', (chunk: Buffer) => backendLog.push(...chunk.toString().split('\n')));
  stack.frontend.stdout?.resume();
});
afterAll(async () => {
  await stack?.stop();
  await receiver?.close();
});

/** Polls until `find` returns something: spans arrive in batches. */
async function eventually<T>(find: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within 20s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('links one request from the frontend through the backend to the database in one trace', async () => {
  const { frontendUrl } = stack;
  const signUp = await fetch(`${frontendUrl}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: frontendUrl },
    body: JSON.stringify({ email: 'traced@example.test', password: 'correct horse battery', name: 'Traced' }),
  });
  expect(signUp.status).toBe(200);
  const { user } = (await signUp.json()) as { user: { id: string } };
  const cookie = signUp.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const list = await fetch(`${frontendUrl}/api/${user.id}/tasks?q=secret-query`, { headers: { cookie } });
  expect(list.status).toBe(200);
  await stopProcess(stack.backend);

  // The backend's server span for the list, then everything in its trace.
  const backendServer = await eventually(
    () =>
      receiver.spans.find(
        (s) =>
          s.service === 'todo-backend' &&
          s.kind === SpanKind.SERVER &&
          s.attributes['http.route'] === '/api/:user_id/tasks',
      ),
    'backend server span',
  );
  const byId = new Map<string, ReceivedSpan>();
  const trace = () => receiver.spans.filter((s) => s.traceId === backendServer.traceId);
  const isUnder = (span: ReceivedSpan, ancestor: ReceivedSpan) => {
    for (let id = span.parentSpanId; id; id = byId.get(id)?.parentSpanId) if (id === ancestor.spanId) return true;
    return false;
  };

  // Its parent is the frontend's span that made the call; the frontend's server span is above it.
  const caller = await eventually(
    () => trace().find((s) => s.spanId === backendServer.parentSpanId),
    'span of the frontend that called the backend',
  );
  expect(caller.service).toBe('todo-frontend');
  expect([SpanKind.CLIENT, SpanKind.SERVER]).toContain(caller.kind);
  const frontendServer = await eventually(
    () => trace().find((s) => s.service === 'todo-frontend' && s.kind === SpanKind.SERVER && !s.parentSpanId),
    'frontend server span',
  );

  // At least one query under the backend's server span: PostgreSQL, the operation, never the values.
  const queries = await eventually(() => {
    for (const span of trace()) byId.set(span.spanId, span);
    const found = trace().filter((s) => s.attributes['db.system.name'] === 'postgresql' && isUnder(s, backendServer));
    return found.length > 0 ? found : undefined;
  }, 'query span');
  expect(queries[0]).toMatchObject({ service: 'todo-backend', kind: SpanKind.CLIENT });
  expect(queries[0]?.attributes['db.operation.name']).toBe('SELECT');
  expect(isUnder(backendServer, frontendServer)).toBe(true);
  // The backend records no query string, like its access log (Next.js's spans do record the URL).
  expect(JSON.stringify(trace().filter((s) => s.service === 'todo-backend'))).not.toContain('secret-query');

  // The backend's access log carries the same trace id.
  const logged = backendLog
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((e) => e.msg === 'request completed' && e.route === '/api/:user_id/tasks');
  expect(logged?.traceId).toBe(backendServer.traceId);
});
