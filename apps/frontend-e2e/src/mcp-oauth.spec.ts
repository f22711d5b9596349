import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { auth } from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MemoryProvider } from '@todo/local-stack/oauth-client';
import { checkState } from './support/axe';
import { expect, test } from './support/fixtures';

/**
 * An MCP client given only the public URL signs its user in by itself (MCP authorization, OAuth 2.1): the SDK's
 * discovery and registration through the frontend host, then the browser on the app's own sign-in and consent pages.
 */
const CALLBACK = 'http://127.0.0.1:33418/callback';

test('an MCP client signs in through the sign-in and consent pages, then uses the tools', async ({
  page,
  request,
  baseURL,
}) => {
  test.skip(process.env.E2E_STACK === 'minikube', 'the SDK would need the self-signed certificate trusted');
  const origin = new URL(baseURL!).origin;
  const email = `oauth-${Date.now()}@example.test`;
  const password = 'a long enough password';
  const signUp = await request.post('/api/auth/sign-up/email', {
    data: { email, password, name: 'oauth' },
    headers: { origin },
  });
  expect(signUp.status()).toBe(200);

  const mcp = new URL('/mcp', origin);
  const provider = new MemoryProvider('Desktop MCP client', CALLBACK);
  const connect = async () => {
    const client = new Client({ name: 'desktop', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(mcp, { authProvider: provider }));
    return client;
  };
  await expect(connect()).rejects.toThrow(/Unauthorized/);

  // The browser the client opens: signed out, the app's sign-in page, then its consent page.
  await page.route(`${CALLBACK}**`, (route) => route.fulfill({ status: 200, body: 'You may close this window.' }));
  await page.goto(provider.authorizationUrl!.href);
  await expect(page).toHaveURL(/\/sign-in\?/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Allow access?' })).toBeVisible();
  await expect(page.getByText('Desktop MCP client')).toBeVisible();
  await checkState(page, 'light-desktop-oauth-consent');
  const callback = page.waitForRequest((sent) => sent.url().startsWith(CALLBACK));
  await page.getByRole('button', { name: 'Allow' }).click();
  const code = new URL((await callback).url()).searchParams.get('code');
  expect(code).toBeTruthy();

  expect(await auth(provider, { serverUrl: mcp, authorizationCode: code! })).toBe('AUTHORIZED');
  const client = await connect();
  await client.callTool({ name: 'add_task', arguments: { title: 'Through the public host' } });
  const listed = (await client.callTool({ name: 'list_tasks', arguments: {} })) as CallToolResult;
  expect(JSON.parse((listed.content[0] as { text: string }).text).tasks).toEqual([
    expect.objectContaining({ title: 'Through the public host' }),
  ]);
  await client.close();
});
