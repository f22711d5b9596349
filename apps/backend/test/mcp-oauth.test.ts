// An MCP client that nobody here wrote (the official SDK's `auth()` flow), from no token to the task tools: discovery
// from the 401, the resource metadata, the authorization server's metadata, dynamic registration, authorize (the
// browser's part done over HTTP as the frontend's pages do it: sign in, then consent), the token, the tools.
import { randomUUID } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  auth,
  discoverAuthorizationServerMetadata,
  exchangeAuthorization,
  startAuthorization,
  type OAuthClientProvider,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MemoryProvider } from '@todo/local-stack/oauth-client';
import { freePort } from '@todo/local-stack/ports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

const PASSWORD = 'correct horse battery';
const REDIRECT = 'http://127.0.0.1:33418/callback';

let t: TestApp;
let origin: string;
let mcpUrl: URL;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  // The backend stands for the public host here: BETTER_AUTH_URL names it, as it names the frontend in a stack.
  t = await createTestApp({ BETTER_AUTH_URL: origin });
  await t.app.listen({ host: '127.0.0.1', port });
  mcpUrl = new URL(`${origin}/mcp`);
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
});
afterAll(() => t.close());

/**
 * A browser's navigation as the frontend's proxy hands it on: its fetch rewrites `sec-fetch-mode` to `cors`, and
 * keeps `sec-fetch-dest: document`.
 */
async function navigate(url: URL): Promise<{ status: number; location?: string }> {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: { accept: 'text/html', 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' },
  });
  return { status: response.status, location: response.headers.get('location') ?? undefined };
}

/** The browser's part: the authorize URL sends it to sign in, then to consent; it ends on the client's callback. */
async function browserApproves(authorizationUrl: URL, user: TestUser, accept = true): Promise<URL> {
  const authorize = await navigate(authorizationUrl);
  expect(authorize.status).toBe(302);
  const signInPage = new URL(authorize.location!, authorizationUrl);
  expect(signInPage.origin + signInPage.pathname).toBe(`${origin}/sign-in`);
  // The sign-in page posts the credentials with the signed query it was given; the flow goes on to consent.
  const signIn = await fetch(`${origin}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: user.email, password: PASSWORD, oauth_query: signInPage.search.slice(1) }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const next = (await signIn.json()) as { url: string };
  const consentPage = new URL(next.url, origin);
  expect(consentPage.pathname).toBe('/oauth/consent');
  // The consent page shows the client's name, then posts the user's answer.
  const client = await fetch(
    `${origin}/api/auth/oauth2/public-client?client_id=${consentPage.searchParams.get('client_id')}`,
    { headers: { cookie } },
  );
  expect(((await client.json()) as { client_name: string }).client_name).toBe('Stranger MCP client');
  const consent = await fetch(`${origin}/api/auth/oauth2/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, cookie },
    body: JSON.stringify({ accept, oauth_query: consentPage.search.slice(1) }),
  });
  expect(consent.status).toBe(200);
  return new URL(((await consent.json()) as { url: string }).url);
}

async function connect(provider: OAuthClientProvider): Promise<Client> {
  const client = new Client({ name: 'stranger', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider }));
  return client;
}

const tasksOf = async (client: Client) => {
  const listed = (await client.callTool({ name: 'list_tasks', arguments: {} })) as CallToolResult;
  return JSON.parse((listed.content[0] as { text: string }).text).tasks as { title: string }[];
};

async function signedIn(user: TestUser): Promise<MemoryProvider> {
  const provider = new MemoryProvider('Stranger MCP client', REDIRECT);
  // No token: the 401 leads the SDK through discovery and registration to the authorize URL.
  await expect(connect(provider)).rejects.toThrow(/Unauthorized/);
  expect(provider.client?.client_id).toBeTruthy();
  const callback = await browserApproves(provider.authorizationUrl!, user);
  expect(callback.origin + callback.pathname).toBe(REDIRECT);
  expect(callback.searchParams.get('state')).toBe(provider.stateValue);
  expect(await auth(provider, { serverUrl: mcpUrl, authorizationCode: callback.searchParams.get('code')! })).toBe(
    'AUTHORIZED',
  );
  return provider;
}

describe('an MCP client signs in through the authorization server (MCP authorization, OAuth 2.1)', () => {
  it('from no token to the task tools, as the user who signed in and no one else', async () => {
    const provider = await signedIn(alice);
    expect(provider.authorizationUrl!.searchParams.get('code_challenge_method')).toBe('S256');
    expect(provider.authorizationUrl!.searchParams.get('resource')).toBe(mcpUrl.href);
    // Not looked up per call, so short-lived: as long as the API's own JWTs.
    expect(provider.saved!.expires_in).toBe(15 * 60);

    const client = await connect(provider);
    expect((await client.listTools()).tools).toHaveLength(5);
    const added = (await client.callTool({
      name: 'add_task',
      arguments: { title: 'Signed in by OAuth' },
    })) as CallToolResult;
    expect(added.isError).toBeFalsy();
    expect(await tasksOf(client)).toEqual([expect.objectContaining({ title: 'Signed in by OAuth' })]);
    await client.close();

    expect((await as(t.app, alice)('GET', `/api/${alice.id}/tasks`)).json().items).toHaveLength(1);
    expect((await as(t.app, bob)('GET', `/api/${bob.id}/tasks`)).json().items).toHaveLength(0);
    const bobs = await connect(await signedIn(bob));
    expect(await tasksOf(bobs)).toEqual([]);
    await bobs.close();
  });

  it('the access token is for /mcp only: the REST API refuses it', async () => {
    const provider = await signedIn(alice);
    const response = await fetch(`${origin}/api/${alice.id}/tasks`, {
      headers: { authorization: `Bearer ${provider.saved!.access_token}` },
    });
    expect(response.status).toBe(401);
  });

  it('refuses a token the same server issued for another resource', async () => {
    const provider = await signedIn(alice);
    // Another protected resource of the same authorization server, which this client may ask tokens for.
    const other = `${origin}/other`;
    await t.app.pool.query(`INSERT INTO oauth_resource (id, identifier, name) VALUES ($1, $2, 'Other')`, [
      randomUUID(),
      other,
    ]);
    await t.app.pool.query(`INSERT INTO oauth_client_resource (id, client_id, resource_id) VALUES ($1, $2, $3)`, [
      randomUUID(),
      provider.client!.client_id,
      other,
    ]);
    const issuer = `${origin}/api/auth`;
    const metadata = await discoverAuthorizationServerMetadata(issuer);
    const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, {
      metadata,
      clientInformation: provider.client!,
      redirectUrl: REDIRECT,
      resource: other,
      state: 'other',
    });
    const callback = await browserApproves(authorizationUrl, alice);
    const tokens = await exchangeAuthorization(issuer, {
      metadata,
      clientInformation: provider.client!,
      authorizationCode: callback.searchParams.get('code')!,
      codeVerifier,
      redirectUri: REDIRECT,
      resource: other,
    });
    const call = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(call.status).toBe(401);
    // The token for /mcp the same client holds still works: the refusal is the audience.
    const client = await connect(provider);
    expect((await client.listTools()).tools).toHaveLength(5);
    await client.close();
  });

  it('a new user signs up on the way (the sign-up form hands the query on too) and goes on to consent', async () => {
    const provider = new MemoryProvider('Stranger MCP client', REDIRECT);
    await expect(connect(provider)).rejects.toThrow(/Unauthorized/);
    const signInPage = new URL((await navigate(provider.authorizationUrl!)).location!, origin);
    const signUp = await fetch(`${origin}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({
        email: `carol-${randomUUID()}@example.test`,
        password: PASSWORD,
        name: 'carol',
        oauth_query: signInPage.search.slice(1),
      }),
    });
    expect(signUp.status).toBe(200);
    expect(new URL(((await signUp.json()) as { url: string }).url, origin).pathname).toBe('/oauth/consent');
  });

  it('a user who denies consent sends the client back with access_denied and no code', async () => {
    const provider = new MemoryProvider('Stranger MCP client', REDIRECT);
    await expect(connect(provider)).rejects.toThrow(/Unauthorized/);
    const callback = await browserApproves(provider.authorizationUrl!, alice, false);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  });
});
