import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

// The SDK as main.ts registers it, with an in-memory exporter; the endpoint only switches tracing on.
const exporter = new InMemorySpanExporter();
new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';
const lines: string[] = [];
let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp(
    { LOG_LEVEL: 'info', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' },
    { logStream: { write: (line) => void lines.push(line) } },
  );
  user = await signUp(t.app, 'traced');
});
afterAll(() => t.close());

const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);

it('continues the caller’s trace: a server span under the traceparent, query spans under it', async () => {
  exporter.reset();
  const response = await t.app.inject({
    method: 'GET',
    url: `/api/${user.id}/tasks?q=secret-query`,
    headers: { authorization: `Bearer ${user.sessionToken}`, traceparent: `00-${TRACE_ID}-${PARENT}-01` },
  });
  expect(response.statusCode).toBe(200);
  const spans = spansOf(TRACE_ID);
  const server = spans.find((s) => s.kind === SpanKind.SERVER);
  expect(server).toMatchObject({
    name: 'GET /api/:user_id/tasks',
    parentSpanContext: expect.objectContaining({ spanId: PARENT }),
    attributes: expect.objectContaining({ 'http.route': '/api/:user_id/tasks', 'http.response.status_code': 200 }),
  });

  const queries = spans.filter((s) => s.attributes['db.system.name'] === 'postgresql');
  expect(queries.length).toBeGreaterThanOrEqual(2); // the session lookup and the page
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  for (const query of queries) {
    expect(query).toMatchObject({ kind: SpanKind.CLIENT, name: expect.stringMatching(/^SELECT test_/) });
    expect(query.attributes).toMatchObject({ 'db.operation.name': 'SELECT', 'server.address': '127.0.0.1' });
    let parent = query.parentSpanContext?.spanId;
    while (parent && parent !== server?.spanContext().spanId) parent = byId.get(parent)?.parentSpanContext?.spanId;
    expect(parent, `${query.name} is under the server span`).toBe(server?.spanContext().spanId);
  }
  const recorded = JSON.stringify(spans.map(({ name, attributes, events }) => ({ name, attributes, events })));
  expect(recorded).not.toContain('secret-query');
});

it('logs the trace id of the request’s span, also without a traceparent', async () => {
  exporter.reset();
  await as(t.app, user)('GET', `/api/${user.id}/tasks`);
  const server = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.SERVER);
  const line = lines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((e) => e.msg === 'request completed' && e.route === '/api/:user_id/tasks')
    .at(-1);
  expect(line?.traceId).toBe(server?.spanContext().traceId);
});

it('leaves probes and scrapes untraced', async () => {
  exporter.reset();
  await t.app.inject({ method: 'GET', url: '/healthz' });
  await t.app.inject({ method: 'GET', url: '/metrics' });
  expect(exporter.getFinishedSpans()).toEqual([]);
});
