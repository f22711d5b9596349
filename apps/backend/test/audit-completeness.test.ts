// Completeness of the audit trail: every route of the app that can change something (an unsafe method), found
// from Fastify itself, and every POST endpoint Better Auth serves behind /api/auth/*, has cases here. A valid
// request writes exactly one event with the right action (and one log line); a refused or failed one writes none.
// A new mutating route without cases fails the first tests.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startScriptedProvider, type ScriptedProvider, type ScriptedReply } from '@todo/local-stack/scripted-provider';
import type { AuditAction } from '@todo/contracts';
import { OAUTH_UNUSED } from '../src/auth/auth.js';
import { createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';
import type { ObservedRoute } from './support/route-observer.js';

// Every route as it is registered (support/route-observer.ts).
const registered = vi.hoisted(() => [] as ObservedRoute[]);
vi.mock('fastify', async (importOriginal) =>
  (await import('./support/route-observer.js')).observingFastify(await importOriginal(), registered),
);

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PASSWORD = 'correct horse battery';

let t: TestApp;
let db: pg.Client;
let alice: TestUser;
let bob: TestUser;
let replies: ScriptedReply[] = [];
let lastId = 0;
const logLines: string[] = [];
let provider: ScriptedProvider;

beforeAll(async () => {
  provider = await startScriptedProvider(() => replies.shift() ?? { content: 'Done.' });
  t = await createTestApp(
    { LOG_LEVEL: 'info', OPENAI_BASE_URL: provider.baseUrl, OPENAI_API_KEY: 'test-key', OPENAI_MODEL: 'scripted' },
    { logStream: { write: (line) => void logLines.push(line) } },
  );
  db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
  await newEvents();
});
afterAll(async () => {
  await db.end();
  await t.close();
  await provider.close();
});

interface Event {
  action: string;
  user_id: string;
  target_id: string | null;
  origin: string;
}

/** The events written since the last call, and as many audit log lines. */
async function newEvents(): Promise<Event[]> {
  const { rows } = await db.query<Event & { id: string }>(
    'SELECT id, action, user_id, target_id, origin FROM audit_events WHERE id > $1 ORDER BY id',
    [lastId],
  );
  lastId = Number(rows.at(-1)?.id ?? lastId);
  const lines = logLines.splice(0).filter((line) => line.includes('"msg":"audit event"'));
  expect(lines, 'one log line per event').toHaveLength(rows.length);
  return rows.map(({ id: _, ...event }) => event);
}

const origin = () => new URL(t.config.auth.url).origin;
const inject = (options: InjectOptions) => t.app.inject(options);
const bearer = (token: string) => ({ authorization: `Bearer ${token}`, origin: origin() });
const asUser = (user: TestUser, method: InjectOptions['method'], url: string, payload?: object) =>
  inject({ method, url, headers: { authorization: `Bearer ${user.jwt}` }, ...(payload ? { payload } : {}) });
const createTask = async (user = alice) =>
  (await asUser(user, 'POST', `/api/${user.id}/tasks`, { title: 'audited' })).json().id as number;

/** A new session of `user` (a sign-in, whose own event is taken out of the count). */
async function newSession(user: TestUser): Promise<string> {
  const response = await inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    payload: { email: user.email, password: PASSWORD },
  });
  await newEvents();
  return response.json().token as string;
}

async function mcp(user: TestUser, tool: string, args: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return inject({
    method: 'POST',
    url: '/mcp',
    headers: { authorization: `Bearer ${user.jwt}`, accept: 'application/json, text/event-stream' },
    payload: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: args } },
  });
}
const toolFailed = (response: LightMyRequestResponse) => response.json().result?.isError === true;

async function chat(user: TestUser, tool: string, args: Record<string, unknown>): Promise<LightMyRequestResponse> {
  replies = [{ toolCalls: [{ name: tool, arguments: args }] }, { content: 'Done.' }];
  return asUser(user, 'POST', `/api/${user.id}/chat`, { message: `please ${tool}` });
}

interface Case {
  name: string;
  /** Sends the request; returns the answer and what the events must be. */
  run: () => Promise<{ response: LightMyRequestResponse; status: number; events: Partial<Event>[] }>;
}

const one = (action: AuditAction, user: TestUser, extra: Partial<Event> = {}) => [
  { action, user_id: user.id, origin: 'rest', ...extra },
];

/** Cases per Fastify route (method and pattern): at least one that changes something and one that does not. */
const routeCases: Record<string, Case[]> = {
  'POST /api/:user_id/tasks': [
    {
      name: 'creates a task',
      run: async () => {
        const response = await asUser(alice, 'POST', `/api/${alice.id}/tasks`, { title: 'new' });
        return { response, status: 201, events: one('task.create', alice, { target_id: String(response.json().id) }) };
      },
    },
    {
      name: "refused on another user's path",
      run: async () => ({
        response: await asUser(bob, 'POST', `/api/${alice.id}/tasks`, { title: 'x' }),
        status: 403,
        events: [],
      }),
    },
    {
      name: 'refused on bad input',
      run: async () => ({
        response: await asUser(alice, 'POST', `/api/${alice.id}/tasks`, {}),
        status: 400,
        events: [],
      }),
    },
  ],
  'PUT /api/:user_id/tasks/:id': [
    {
      name: 'updates a task',
      run: async () => {
        const id = await createTask();
        await newEvents();
        const response = await asUser(alice, 'PUT', `/api/${alice.id}/tasks/${id}`, { title: 'changed' });
        return { response, status: 200, events: one('task.update', alice, { target_id: String(id) }) };
      },
    },
    {
      name: "another user's task is not found",
      run: async () => {
        const id = await createTask();
        await newEvents();
        const response = await asUser(bob, 'PUT', `/api/${bob.id}/tasks/${id}`, { title: 'taken' });
        return { response, status: 404, events: [] };
      },
    },
    {
      name: 'refused on bad input',
      run: async () => ({
        response: await asUser(alice, 'PUT', `/api/${alice.id}/tasks/1`, { title: '' }),
        status: 400,
        events: [],
      }),
    },
  ],
  'PATCH /api/:user_id/tasks/:id/complete': [
    {
      name: 'completes a task',
      run: async () => {
        const id = await createTask();
        await newEvents();
        const response = await asUser(alice, 'PATCH', `/api/${alice.id}/tasks/${id}/complete`);
        return { response, status: 200, events: one('task.complete', alice, { target_id: String(id) }) };
      },
    },
    {
      name: 'a missing task is not found',
      run: async () => ({
        response: await asUser(alice, 'PATCH', `/api/${alice.id}/tasks/2147483647/complete`),
        status: 404,
        events: [],
      }),
    },
  ],
  'DELETE /api/:user_id/tasks/:id': [
    {
      name: 'deletes a task',
      run: async () => {
        const id = await createTask();
        await newEvents();
        const response = await asUser(alice, 'DELETE', `/api/${alice.id}/tasks/${id}`);
        return { response, status: 204, events: one('task.delete', alice, { target_id: String(id) }) };
      },
    },
    {
      name: "another user's task is not found",
      run: async () => {
        const id = await createTask();
        await newEvents();
        return { response: await asUser(bob, 'DELETE', `/api/${bob.id}/tasks/${id}`), status: 404, events: [] };
      },
    },
  ],
  'POST /api/:user_id/chat': [
    ...(
      [
        ['add_task', () => ({ title: 'from the chat' }), 'task.create'],
        ['update_task', (id: number) => ({ task_id: id, title: 'renamed' }), 'task.update'],
        ['complete_task', (id: number) => ({ task_id: id }), 'task.complete'],
        ['delete_task', (id: number) => ({ task_id: id }), 'task.delete'],
      ] as const
    ).map(([tool, args, action]) => ({
      name: `the chat's ${tool}`,
      run: async () => {
        const id = await createTask();
        await newEvents();
        const response = await chat(alice, tool, args(id));
        return { response, status: 200, events: one(action, alice, { origin: 'chat' }) };
      },
    })),
    {
      name: 'a chat turn that changes no task (list_tasks)',
      run: async () => ({ response: await chat(alice, 'list_tasks', {}), status: 200, events: [] }),
    },
    {
      name: "the chat's delete_task on another user's task",
      run: async () => {
        const id = await createTask(bob);
        await newEvents();
        return { response: await chat(alice, 'delete_task', { task_id: id }), status: 200, events: [] };
      },
    },
    {
      name: "refused on another user's path",
      run: async () => ({
        response: await asUser(bob, 'POST', `/api/${alice.id}/chat`, { message: 'hello' }),
        status: 403,
        events: [],
      }),
    },
  ],
  'POST /mcp': [
    ...(
      [
        ['add_task', () => ({ title: 'from outside' }), 'task.create'],
        ['update_task', (id: number) => ({ task_id: id, priority: 'high' }), 'task.update'],
        ['complete_task', (id: number) => ({ task_id: id }), 'task.complete'],
        ['delete_task', (id: number) => ({ task_id: id }), 'task.delete'],
      ] as const
    ).map(([tool, args, action]) => ({
      name: `/mcp ${tool}`,
      run: async () => {
        const id = await createTask();
        await newEvents();
        const response = await mcp(alice, tool, args(id));
        expect(toolFailed(response)).toBe(false);
        return { response, status: 200, events: one(action, alice, { origin: 'mcp' }) };
      },
    })),
    {
      name: '/mcp list_tasks changes nothing',
      run: async () => ({ response: await mcp(alice, 'list_tasks', {}), status: 200, events: [] }),
    },
    {
      name: "/mcp complete_task of another user's task",
      run: async () => {
        const id = await createTask(bob);
        await newEvents();
        const response = await mcp(alice, 'complete_task', { task_id: id });
        expect(toolFailed(response)).toBe(true);
        return { response, status: 200, events: [] };
      },
    },
    {
      name: "/mcp add_task for another user's id",
      run: async () => {
        const response = await mcp(alice, 'add_task', { user_id: bob.id, title: 'planted' });
        expect(toolFailed(response)).toBe(true);
        return { response, status: 200, events: [] };
      },
    },
  ],
  'DELETE /mcp': [
    {
      name: 'not allowed (no sessions)',
      run: async () => ({
        response: await inject({ method: 'DELETE', url: '/mcp', headers: { authorization: `Bearer ${alice.jwt}` } }),
        status: 405,
        events: [],
      }),
    },
  ],
  'POST /api/auth/sign-up/email': [
    {
      name: 'signs up',
      run: async () => {
        const email = `new-${Date.now()}@example.test`;
        const response = await inject({
          method: 'POST',
          url: '/api/auth/sign-up/email',
          payload: { email, password: PASSWORD, name: 'new' },
        });
        const id = response.json().user.id as string;
        return {
          response,
          status: 200,
          events: [{ action: 'account.sign_up', user_id: id, target_id: id, origin: 'rest' }],
        };
      },
    },
    {
      name: 'an email already taken',
      run: async () => ({
        response: await inject({
          method: 'POST',
          url: '/api/auth/sign-up/email',
          payload: { email: alice.email, password: PASSWORD, name: 'again' },
        }),
        status: 422,
        events: [],
      }),
    },
  ],
  'POST /api/auth/sign-in/email': [
    {
      name: 'signs in',
      run: async () => {
        const response = await inject({
          method: 'POST',
          url: '/api/auth/sign-in/email',
          payload: { email: alice.email, password: PASSWORD },
        });
        return { response, status: 200, events: one('account.sign_in', alice) };
      },
    },
    {
      name: 'a wrong password',
      run: async () => ({
        response: await inject({
          method: 'POST',
          url: '/api/auth/sign-in/email',
          payload: { email: alice.email, password: 'wrong password!' },
        }),
        status: 401,
        events: [],
      }),
    },
  ],
};

const authPost = (path: string, headers: Record<string, string>, payload: object = {}) =>
  inject({ method: 'POST', url: `/api/auth${path}`, headers, payload });

const REDIRECT = 'http://127.0.0.1:33418/callback';
const registerClient = () =>
  authPost(
    '/oauth2/register',
    { origin: origin() },
    {
      client_name: 'Audit client',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    },
  );
/** A registered client's authorization request as alice, up to the consent page's signed query. */
async function consentRequest(): Promise<{ clientId: string; oauthQuery: string }> {
  const clientId = (await registerClient()).json().client_id as string;
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'openid',
    state: 'state',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGXSMYLvW0',
    code_challenge_method: 'S256',
    resource: `${t.config.auth.url}/mcp`,
  });
  const authorize = await inject({
    url: `/api/auth/oauth2/authorize?${query}`,
    headers: { authorization: `Bearer ${alice.sessionToken}`, accept: 'text/html' },
  });
  const consentPage = new URL(authorize.headers.location as string, t.config.auth.url);
  expect(consentPage.pathname).toBe('/oauth/consent');
  return { clientId, oauthQuery: consentPage.search.slice(1) };
}

/**
 * Every POST endpoint Better Auth serves behind `POST /api/auth/*`. Those its configuration here does not enable
 * (no social providers, no e-mail sender, no e-mail change) must keep refusing: enabling one
 * fails its case until its events are audited and tested.
 */
const authCases: Record<string, Case[]> = {
  '/sign-up/email': routeCases['POST /api/auth/sign-up/email'],
  '/sign-in/email': routeCases['POST /api/auth/sign-in/email'],
  '/sign-out': [
    {
      name: 'signs out',
      run: async () => {
        const token = await newSession(alice);
        return {
          response: await authPost('/sign-out', bearer(token)),
          status: 200,
          events: one('account.sign_out', alice),
        };
      },
    },
    {
      name: 'without a session, nothing to end',
      run: async () => ({ response: await authPost('/sign-out', { origin: origin() }), status: 200, events: [] }),
    },
  ],
  '/update-user': [
    {
      name: 'renames the user',
      run: async () => ({
        response: await authPost('/update-user', bearer(alice.sessionToken), { name: 'Alice B.' }),
        status: 200,
        events: one('account.update', alice, { target_id: alice.id }),
      }),
    },
    {
      name: 'without a session',
      run: async () => ({
        response: await authPost('/update-user', { origin: origin() }, { name: 'x' }),
        status: 401,
        events: [],
      }),
    },
  ],
  '/change-password': [
    {
      name: 'changes the password (and back), ending the other sessions in the same event',
      run: async () => {
        const change = async (currentPassword: string, newPassword: string) => {
          const response = await authPost('/change-password', bearer(alice.sessionToken), {
            currentPassword,
            newPassword,
          });
          // Every other session ended (its JWTs too): carry on with the new one.
          alice.sessionToken = response.json().token;
          alice.jwt = (
            await inject({ url: '/api/auth/token', headers: { authorization: `Bearer ${alice.sessionToken}` } })
          ).json().token;
          return response;
        };
        const response = await change(PASSWORD, 'another horse battery');
        const events = one('account.password_change', alice, { target_id: alice.id });
        expect(await newEvents()).toEqual([expect.objectContaining(events[0])]);
        await change('another horse battery', PASSWORD);
        return { response, status: 200, events };
      },
    },
    {
      name: 'a wrong current password',
      run: async () => ({
        response: await authPost('/change-password', bearer(alice.sessionToken), {
          currentPassword: 'wrong password!',
          newPassword: 'another horse battery',
        }),
        status: 400,
        events: [],
      }),
    },
  ],
  '/revoke-session': [
    {
      name: 'revokes one of its own sessions',
      run: async () => {
        const token = await newSession(alice);
        const response = await authPost('/revoke-session', bearer(alice.sessionToken), { token });
        return { response, status: 200, events: one('account.session_revoke', alice) };
      },
    },
    {
      name: "another user's session is left alone",
      run: async () => {
        const token = await newSession(alice);
        return {
          response: await authPost('/revoke-session', bearer(bob.sessionToken), { token }),
          status: 200,
          events: [],
        };
      },
    },
  ],
  '/revoke-sessions': [
    {
      name: 'revokes every session of a user with one',
      run: async () => {
        const carol = await signUp(t.app, 'carol');
        await newEvents();
        const response = await authPost('/revoke-sessions', bearer(carol.sessionToken));
        return { response, status: 200, events: one('account.session_revoke', carol) };
      },
    },
    {
      name: 'without a session',
      run: async () => ({
        response: await authPost('/revoke-sessions', { origin: origin() }),
        status: 401,
        events: [],
      }),
    },
  ],
  '/revoke-other-sessions': [
    {
      name: 'revokes the one other session',
      run: async () => {
        const dave = await signUp(t.app, 'dave');
        await newSession(dave);
        const response = await authPost('/revoke-other-sessions', bearer(dave.sessionToken));
        return { response, status: 200, events: one('account.session_revoke', dave) };
      },
    },
    {
      name: 'without a session',
      run: async () => ({
        response: await authPost('/revoke-other-sessions', { origin: origin() }),
        status: 401,
        events: [],
      }),
    },
  ],
  '/delete-user': [
    {
      name: 'deletes the account with its password',
      run: async () => {
        const erin = await signUp(t.app, 'erin');
        await newEvents();
        return {
          response: await authPost('/delete-user', bearer(erin.sessionToken), { password: PASSWORD }),
          status: 200,
          events: one('account.delete', erin, { target_id: erin.id }),
        };
      },
    },
    {
      name: 'without the password',
      run: async () => ({
        response: await authPost('/delete-user', bearer(bob.sessionToken), {}),
        status: 400,
        events: [],
      }),
    },
    {
      name: 'with a wrong password',
      run: async () => ({
        response: await authPost('/delete-user', bearer(bob.sessionToken), { password: 'wrong password!' }),
        status: 400,
        events: [],
      }),
    },
  ],
  // The OAuth authorization server (MCP clients): a grant is the user's act; the protocol's other steps are not.
  '/oauth2/consent': [
    {
      name: 'allows a client: the grant names it',
      run: async () => {
        const { clientId, oauthQuery } = await consentRequest();
        return {
          response: await authPost('/oauth2/consent', bearer(alice.sessionToken), {
            accept: true,
            oauth_query: oauthQuery,
          }),
          status: 200,
          events: one('account.oauth_grant', alice, { target_id: clientId }),
        };
      },
    },
    {
      name: 'denied: nothing granted',
      run: async () => ({
        response: await authPost('/oauth2/consent', bearer(alice.sessionToken), {
          accept: false,
          oauth_query: (await consentRequest()).oauthQuery,
        }),
        status: 200,
        events: [],
      }),
    },
    {
      name: 'without a session',
      run: async () => ({
        response: await authPost('/oauth2/consent', { origin: origin() }, { accept: true }),
        status: 401,
        events: [],
      }),
    },
  ],
  '/oauth2/register': [
    {
      name: 'a client registers itself (no user: not an account event)',
      run: async () => ({ response: await registerClient(), status: 201, events: [] }),
    },
  ],
  ...Object.fromEntries(
    (
      [
        ['/oauth2/authorize', 'client_id=unknown&response_type=code', 302],
        ['/oauth2/token', 'grant_type=authorization_code&code=made-up&client_id=unknown', 400],
        ['/oauth2/revoke', 'token=made-up&client_id=unknown', 400],
        ['/oauth2/userinfo', '', 401],
      ] as const
    ).map(([path, form, status]) => [
      path,
      [
        {
          name: 'a protocol step, no account change',
          run: async () => ({
            response: await inject({
              method: 'POST',
              url: `/api/auth${path}`,
              headers: { 'content-type': 'application/x-www-form-urlencoded', origin: origin() },
              payload: form,
            }),
            status,
            events: [],
          }),
        },
      ],
    ]),
  ),
  // A read that answers POST.
  '/verify-password': [
    {
      name: 'checks the password',
      run: async () => ({
        response: await authPost('/verify-password', bearer(alice.sessionToken), { password: PASSWORD }),
        status: 200,
        events: [],
      }),
    },
  ],
  // Not enabled in this configuration.
  ...Object.fromEntries(
    (
      [
        ['/get-session', {}, 405],
        ['/sign-in/social', { provider: 'github' }, 404],
        ['/callback/:id', {}, 302],
        ['/reset-password', { newPassword: 'another horse battery', token: 'made-up' }, 400],
        ['/request-password-reset', { email: 'x@example.test' }, 400],
        ['/send-verification-email', { email: 'x@example.test' }, 400],
        ['/change-email', { newEmail: 'y@example.test' }, 400],
        ['/update-session', { anything: 1 }, 400],
        ['/link-social', { provider: 'github' }, 404],
        ['/unlink-account', { providerId: 'credential' }, 400],
        ['/refresh-token', { providerId: 'github' }, 400],
        ['/get-access-token', { providerId: 'github' }, 400],
      ] as const
    ).map(([path, payload, status]) => [
      path,
      [
        {
          name: 'refused: not enabled here',
          run: async () => ({
            response: await authPost(path.replace(':id', 'github'), bearer(alice.sessionToken), payload),
            status,
            events: [],
          }),
        },
      ],
    ]),
  ),
  // Turned off (on every method), and the resource admin API, which Better Auth serves to server code only.
  ...Object.fromEntries(
    [...OAUTH_UNUSED, '/admin/oauth2/resources', '/admin/oauth2/resources/:identifier/clients/:client_id'].map(
      (path) => [
        path,
        [
          {
            name: "refused: turned off, the app's JSON 404",
            run: async () => {
              const response = await authPost(path, bearer(alice.sessionToken));
              expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found' } });
              return { response, status: 404, events: [] };
            },
          },
        ],
      ],
    ),
  ),
};

const betterAuthPosts = () =>
  Object.values(t.app.auth.api as Record<string, { path?: string; options?: { method?: string | string[] } }>)
    .filter((endpoint) => endpoint.path && [endpoint.options?.method].flat().includes('POST'))
    .map((endpoint) => endpoint.path!);

describe('every mutating route is audited', () => {
  it('every route with an unsafe method has cases', () => {
    const mutating = registered.filter((r) => UNSAFE.has(r.method)).map((r) => `${r.method} ${r.url}`);
    expect(mutating.length).toBeGreaterThan(8);
    const missing = mutating.filter((route) => !routeCases[route] && route !== 'POST /api/auth/*');
    expect(missing, 'routes without audit cases').toEqual([]);
    expect(mutating).toContain('POST /api/auth/*');
  });

  it('every POST endpoint of Better Auth has cases', () => {
    const paths = betterAuthPosts();
    expect(paths).toContain('/sign-out');
    expect(paths.filter((path) => !authCases[path])).toEqual([]);
  });

  const all = [
    ...Object.entries(routeCases).flatMap(([route, cases]) => cases.map((c) => [route, c] as const)),
    ...Object.entries(authCases)
      .filter(([path]) => !path.endsWith('/email'))
      .flatMap(([path, cases]) => cases.map((c) => [`POST /api/auth${path}`, c] as const)),
  ];
  it.each(all.map(([route, c]) => [`${route}: ${c.name}`, c] as const))('%s', async (_, c) => {
    await newEvents();
    const { response, status, events } = await c.run();
    expect(response.statusCode, response.body.slice(0, 300)).toBe(status);
    const written = await newEvents();
    expect(written).toHaveLength(events.length);
    written.forEach((event, i) => expect(event).toMatchObject(events[i]));
  });
});
