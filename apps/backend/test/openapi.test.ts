import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startScriptedProvider, type ScriptedProvider } from '@todo/local-stack/scripted-provider';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import type { ObservedRoute } from './support/route-observer.js';

// Every route as it is registered (support/route-observer.ts).
const registered = vi.hoisted(() => [] as ObservedRoute[]);
vi.mock('fastify', async (importOriginal) =>
  (await import('./support/route-observer.js')).observingFastify(await importOriginal(), registered),
);

interface Operation {
  responses: Record<string, unknown>;
  security?: unknown[];
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

const PASSWORD = 'correct horse battery';
let t: TestApp; // with the scripted model provider
let bare: TestApp; // no model provider: chat answers 503
let limited: TestApp; // tiny rate limits: everything ends in 429
let provider: ScriptedProvider;
let document: Document;
let alice: TestUser;
let bob: TestUser;
let limitedUser: TestUser;
let taskId: number;
let conversationId: number;

beforeAll(async () => {
  registered.length = 0;
  provider = await startScriptedProvider(({ messages }) => {
    const last = JSON.stringify(messages.at(-1));
    if (last.includes('fail')) return { status: 500, body: '{}' };
    if (last.includes('slow')) return { content: 'late', delayMs: 1500 };
    return { content: 'Done.' };
  });
  t = await createTestApp({ OPENAI_BASE_URL: provider.baseUrl, OPENAI_API_KEY: 'k', CHAT_TIMEOUT_MS: '1000' });
  bare = await createTestApp();
  limited = await createTestApp({ IP_RATE_LIMIT_MAX: '40', USER_RATE_LIMIT_MAX: '2', AUTH_RATE_LIMIT_MAX: '2' });
  [alice, bob, limitedUser] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob'), await signUp(limited.app)];
  document = (await t.app.inject({ url: '/openapi.json' })).json();
  taskId = (await inject(t, 'POST', '/api/{user_id}/tasks', { payload: { title: 'kept' } })).json().id;
  conversationId = (await inject(t, 'POST', '/api/{user_id}/chat', { payload: { message: 'hi' } })).json()
    .conversation_id;
});
afterAll(async () => {
  await Promise.all([t, bare, limited].map((app) => app?.close()));
  await provider?.close();
});

type Extra = Partial<InjectOptions> & { as?: TestUser | null; ids?: { user_id?: string; id?: number } };

/** A request to a documented path, `{user_id}` and `{id}` filled in, as alice with her JWT unless told otherwise. */
function inject(app: TestApp, method: string, path: string, extra: Extra = {}) {
  const user = extra.as === undefined ? (app === limited ? limitedUser : alice) : extra.as;
  const id = extra.ids?.id ?? (path.includes('conversations') ? conversationId : taskId);
  const url = path.replace('{user_id}', extra.ids?.user_id ?? user?.id ?? alice.id).replace('{id}', String(id));
  const options = { ...extra };
  delete options.as;
  delete options.ids;
  return app.app.inject({
    method: method as InjectOptions['method'],
    url,
    ...options,
    headers: { ...(user ? { authorization: `Bearer ${user.jwt}` } : {}), ...options.headers },
  });
}

const rpc = (body: object | string) => ({
  headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
  payload: typeof body === 'string' ? body : JSON.stringify(body),
});

/** A request that succeeds on each documented operation. */
async function succeed(method: string, path: string) {
  const key = `${method} ${path}`;
  switch (key) {
    case 'POST /api/auth/sign-up/email':
      return inject(t, method, path, {
        as: null,
        payload: { email: `new-${Date.now()}@example.test`, password: PASSWORD, name: 'n' },
      });
    case 'POST /api/auth/sign-in/email':
      return inject(t, method, path, { as: null, payload: { email: alice.email, password: PASSWORD } });
    case 'POST /api/{user_id}/tasks':
      return inject(t, method, path, { payload: { title: 'new' } });
    case 'PUT /api/{user_id}/tasks/{id}':
      return inject(t, method, path, { payload: { title: 'renamed' } });
    case 'DELETE /api/{user_id}/tasks/{id}': {
      const doomed = (await inject(t, 'POST', '/api/{user_id}/tasks', { payload: { title: 'doomed' } })).json().id;
      return inject(t, method, path, { ids: { id: doomed } });
    }
    case 'POST /api/{user_id}/chat':
      return inject(t, method, path, { payload: { message: 'add milk' } });
    case 'POST /mcp':
      return inject(t, method, path, rpc({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    default:
      return inject(t, method, path);
  }
}

/** A request that draws the documented error status from the operation. */
async function fail(method: string, path: string, status: number) {
  const mcp = path === '/mcp';
  switch (status) {
    case 400:
      if (mcp) return inject(t, method, path, rpc('{'));
      if (path.startsWith('/api/auth/'))
        return inject(t, method, path, { as: null, payload: { email: 'x', password: PASSWORD, name: 'n' } });
      return inject(t, method, `${path}?unknown=1`, {
        payload: method === 'POST' ? { title: 'x', message: 'x' } : undefined,
      });
    case 401:
      if (path === '/api/auth/sign-in/email')
        return inject(t, method, path, { as: null, payload: { email: alice.email, password: 'wrong password!' } });
      return inject(t, method, path, {
        as: null,
        ...(mcp && method === 'POST' ? rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }) : {}),
      });
    case 403:
      return inject(t, method, path, {
        ids: { user_id: bob.id },
        payload: method === 'POST' || method === 'PUT' ? { title: 'x', message: 'x' } : undefined,
      });
    case 404:
      return inject(t, method, path, {
        ids: { id: 2147483647 },
        payload:
          method === 'PUT'
            ? { title: 'x' }
            : method === 'POST'
              ? { message: 'x', conversation_id: 2147483647 }
              : undefined,
      });
    case 405:
      return inject(t, method, path);
    case 409: {
      // A turn of this conversation is running (its claim, as a running turn leaves it).
      const claim = (until: string) =>
        t.app.pool.query(`UPDATE conversations SET turn_until = ${until} WHERE id = $1`, [conversationId]);
      await claim("now() + interval '1 minute'");
      return inject(t, method, path, { payload: { message: 'x', conversation_id: conversationId } }).finally(() =>
        claim('NULL'),
      );
    }
    case 412:
      return inject(t, method, path, {
        headers: { 'if-match': '"1-1"' },
        payload: method === 'PUT' ? { title: 'x' } : { completed: true },
      });
    case 415:
      return inject(t, method, path, { headers: { 'content-type': 'text/plain' }, payload: 'ping' });
    case 422:
      return inject(t, method, path, { as: null, payload: { email: alice.email, password: PASSWORD, name: 'again' } });
    case 429: {
      const attempt = () =>
        path.startsWith('/api/auth/')
          ? inject(limited, method, path, { as: null, payload: { email: 'nobody@example.test', password: PASSWORD } })
          : inject(limited, method, path, {
              ...(mcp && method === 'POST' ? rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }) : {}),
              payload: mcp
                ? rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }).payload
                : method === 'POST' || method === 'PUT'
                  ? { title: 'x', message: 'x' }
                  : undefined,
            });
      for (let i = 0; i < 60; i++) {
        const response = await attempt();
        if (response.statusCode === 429) return response;
      }
      return attempt();
    }
    case 502:
      return inject(t, method, path, { payload: { message: 'fail please' } });
    case 503:
      if (path === '/readyz') {
        bare.app.draining = true;
        return inject(bare, method, path).finally(() => (bare.app.draining = false));
      }
      return inject(bare, method, path, { as: await signUp(bare.app), payload: { message: 'hi' } });
    case 504:
      return inject(t, method, path, { payload: { message: 'slow please' } });
  }
  throw new Error(`no way to produce ${status} on ${method} ${path}: add one to openapi.test.ts`);
}

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('/openapi.json', () => {
  it('is OpenAPI 3.1 and documents every route the app registers', () => {
    expect(document.openapi).toBe('3.1.0');
    // HEAD mirrors GET; hidden routes are the reference UI's and the document's own.
    const routes = registered.filter((route) => route.method !== 'HEAD' && !route.hidden);
    expect(routes.length).toBeGreaterThan(15);
    const missing = routes.filter(({ method, url }) => !document.paths[toOpenApiPath(url)]?.[method.toLowerCase()]);
    expect(missing).toEqual([]);
  });

  it('names how to authenticate on every route that needs it, and none elsewhere', () => {
    for (const [path, operations] of Object.entries(document.paths))
      for (const operation of Object.values(operations))
        expect(operation.security?.length ?? 0, path).toBe(/^\/(api\/\{user_id\}|mcp$)/.test(path) ? 2 : 0);
  });

  it('every documented status is produced by the app', async () => {
    const wrong: string[] = [];
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations))
        for (const status of Object.keys(operation.responses).map(Number)) {
          const upper = method.toUpperCase();
          const response =
            status < 300 && status !== 202
              ? await succeed(upper, path)
              : status === 202
                ? await inject(t, upper, path, rpc({ jsonrpc: '2.0', method: 'notifications/initialized' }))
                : await fail(upper, path, status);
          if (response.statusCode !== status) wrong.push(`${upper} ${path} ${status}: got ${response.statusCode}`);
        }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('passes a standard OpenAPI linter (Redocly, recommended rules)', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'openapi-')), 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const config = join(import.meta.dirname, '../redocly.yaml');
    const run = promisify(execFile)('redocly', ['lint', file, `--config=${config}`], { encoding: 'utf8' });
    await expect(
      run.catch((error: { stdout: string; stderr: string }) => Promise.reject(new Error(error.stdout + error.stderr))),
    ).resolves.toBeDefined();
  }, 60_000);
});

describe('/docs', () => {
  it('serves the interactive reference under a policy that allows only its own script', async () => {
    const page = await t.app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('/openapi.json');
    const policy = String(page.headers['content-security-policy']);
    expect(policy).toMatch(/script-src 'self' 'sha256-[\w+/=]+'/);
    expect(policy).not.toContain("'unsafe-inline' ");
    const script = await t.app.inject({ url: '/docs/js/scalar.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
  });

  it('is off in production unless API_DOCS is set; the document stays', async () => {
    const production = { NODE_ENV: 'production', BETTER_AUTH_SECRET: 'x'.repeat(32) };
    for (const [env, status] of [
      [production, 404],
      [{ ...production, API_DOCS: 'true' }, 200],
    ] as const) {
      const app = await createTestApp(env);
      expect((await app.app.inject({ url: '/docs/' })).statusCode).toBe(status);
      expect((await app.app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
      await app.close();
    }
  });
});
