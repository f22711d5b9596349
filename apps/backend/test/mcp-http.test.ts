import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, signUp, type TestApp, type TestUser } from './support/app.js';

let t: TestApp;
let url: URL;
let alice: TestUser;
let bob: TestUser;

/** An external MCP client over streamable HTTP, as `token`'s user. */
async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'external', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
  );
  return client;
}

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = [await signUp(t.app, 'alice'), await signUp(t.app, 'bob')];
  url = new URL(`${await t.app.listen({ host: '127.0.0.1', port: 0 })}/mcp`);
});
afterAll(() => t.close());

describe('/mcp over streamable HTTP', () => {
  it("serves the task tools as the token's user, with a JWT or a session token", async () => {
    const client = await connect(alice.jwt);
    expect((await client.listTools()).tools).toHaveLength(5);
    const result = (await client.callTool({
      name: 'add_task',
      arguments: { title: 'From outside' },
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    await client.close();

    const bySession = await connect(alice.sessionToken);
    const listed = (await bySession.callTool({ name: 'list_tasks', arguments: {} })) as CallToolResult;
    expect(JSON.parse((listed.content[0] as { text: string }).text).tasks).toEqual([
      expect.objectContaining({ title: 'From outside' }),
    ]);
    await bySession.close();
    expect((await as(t.app, alice)('GET', `/api/${alice.id}/tasks`)).json().items).toHaveLength(1);
  });

  it("keeps users apart: bob sees none of alice's tasks and cannot act for her", async () => {
    const client = await connect(bob.jwt);
    const listed = (await client.callTool({ name: 'list_tasks', arguments: {} })) as CallToolResult;
    expect(JSON.parse((listed.content[0] as { text: string }).text).tasks).toEqual([]);
    const planted = (await client.callTool({
      name: 'add_task',
      arguments: { user_id: alice.id, title: 'Planted' },
    })) as CallToolResult;
    expect(planted.isError).toBe(true);
    await client.close();
  });

  it('answers 401 without credentials, and 405 to GET (no sessions)', async () => {
    const post = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(post.status).toBe(401);
    await expect(connect('not-a-token')).rejects.toThrow();
    const get = await fetch(url, { headers: { authorization: `Bearer ${alice.jwt}` } });
    expect(get.status).toBe(405);
  });
});

const rpcHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const listTools = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

describe('auth discovery (MCP authorization, RFC 9728)', () => {
  it('challenges an anonymous call with the resource metadata, which names the authorization server', async () => {
    const response = await fetch(url, { method: 'POST', headers: rpcHeaders, body: listTools });
    expect(response.status).toBe(401);
    const { resourceMetadataUrl } = extractWWWAuthenticateParams(response);
    expect(resourceMetadataUrl?.href).toBe(`${url.origin}/.well-known/oauth-protected-resource/mcp`);
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: expect.objectContaining({ code: -32000 }),
      id: null,
    });

    const metadata = await discoverOAuthProtectedResourceMetadata(url, { resourceMetadataUrl });
    // The resource is the public URL (BETTER_AUTH_URL's host), what the access tokens are bound to.
    expect(metadata).toMatchObject({
      resource: `${t.config.auth.url}/mcp`,
      authorization_servers: [`${t.config.auth.url}/api/auth`],
      bearer_methods_supported: ['header'],
    });
    // The authorization server's own metadata (RFC 8414) is where the issuer's path says.
    const server = await fetch(`${url.origin}/.well-known/oauth-authorization-server/api/auth`);
    expect(await server.json()).toMatchObject({
      issuer: `${t.config.auth.url}/api/auth`,
      authorization_endpoint: `${t.config.auth.url}/api/auth/oauth2/authorize`,
      registration_endpoint: `${t.config.auth.url}/api/auth/oauth2/register`,
      code_challenge_methods_supported: ['S256'],
    });
    // Clients that ignore the path suffix ask at the root.
    const root = await fetch(`${url.origin}/.well-known/oauth-protected-resource`);
    expect(await root.json()).toEqual(metadata);
  });

  it.each([
    ['a bad token', 'Bearer not-a-token'],
    ['a forged JWT', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
  ])('challenges %s the same way', async (_, authorization) => {
    const response = await fetch(url, { method: 'POST', headers: { ...rpcHeaders, authorization }, body: listTools });
    expect(response.status).toBe(401);
    expect(extractWWWAuthenticateParams(response).resourceMetadataUrl).toBeDefined();
  });
});

describe('malformed JSON-RPC answers JSON-RPC errors', () => {
  const garbage = ['', '{', '[', '{"jsonrpc":', 'null x', '"', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}'];
  it.each(garbage.map((body) => [body]))('%j is a parse error (-32700)', async (body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...rpcHeaders, authorization: `Bearer ${alice.jwt}` },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      jsonrpc: '2.0',
      error: expect.objectContaining({ code: -32700 }),
      id: null,
    });
  });

  it.each([['{"a":1}'], ['[]'], ['42'], ['{"jsonrpc":"1.0","id":1,"method":"tools/list"}']])(
    'JSON that is not JSON-RPC, %s, is refused as JSON-RPC',
    async (body) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { ...rpcHeaders, authorization: `Bearer ${alice.jwt}` },
        body,
      });
      expect(response.status).toBe(400);
      const answer = (await response.json()) as { jsonrpc: string; error: { code: number } };
      expect(answer.jsonrpc).toBe('2.0');
      expect([-32700, -32600]).toContain(answer.error.code);
    },
  );

  it('a content type other than JSON is refused as JSON-RPC (415)', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...rpcHeaders, 'content-type': 'text/plain', authorization: `Bearer ${alice.jwt}` },
      body: listTools,
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { jsonrpc: string }).jsonrpc).toBe('2.0');
  });
});
