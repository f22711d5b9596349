import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { readStackState } from './support/stack-state';

/**
 * Clients nobody here wrote, against the running stack: the MCP Inspector CLI (the reference MCP client) lists and
 * calls the task tools, on the backend directly and through the public host (the frontend, or the Ingress on
 * Minikube); the OpenAPI document and its reference are reachable there too.
 */
const inspectorPackage = createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json');
const INSPECTOR = join(dirname(inspectorPackage), 'clients/launcher/build/index.js');

interface Inspected {
  code: number;
  stdout: string;
  stderr: string;
}

async function inspector(url: string, token: string | undefined, ...args: string[]): Promise<Inspected> {
  const header = token ? ['--header', `Authorization: Bearer ${token}`] : [];
  const argv = [INSPECTOR, '--cli', url, '--transport', 'http', ...header, ...args];
  return promisify(execFile)(process.execPath, argv, {
    encoding: 'utf8',
    timeout: 30_000,
    // The chart's self-signed certificate on Minikube.
    env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: process.env.E2E_STACK === 'minikube' ? '0' : '1' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout: string; stderr: string }) => ({
      code: error.code ?? 1,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** A new account through the public host, and the short-lived JWT an MCP client sends. */
async function token(request: APIRequestContext, origin: string): Promise<string> {
  const email = `mcp-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  const signUp = await request.post('/api/auth/sign-up/email', {
    data: { email, password: 'a long enough password', name: 'mcp' },
    headers: { origin }, // as a browser would send it: Better Auth refuses a sign-up from nowhere
  });
  expect(signUp.status()).toBe(200);
  const session = ((await signUp.json()) as { token: string }).token;
  const jwt = await request.get('/api/auth/token', { headers: { authorization: `Bearer ${session}` } });
  return ((await jwt.json()) as { token: string }).token;
}

const TOOLS = ['add_task', 'complete_task', 'delete_task', 'list_tasks', 'update_task'];

for (const through of ['the public host', 'the backend'] as const) {
  test(`the MCP Inspector lists and calls the tools through ${through}`, async ({ request, baseURL }) => {
    const state = readStackState();
    test.skip(
      through === 'the backend' && state.backend.kind === 'deployment',
      'the backend is reachable only inside the cluster',
    );
    const url = `${through === 'the backend' ? state.backendUrl : baseURL}/mcp`;
    const jwt = await token(request, baseURL!);

    const listed = await inspector(url, jwt, '--method', 'tools/list', '--strict');
    expect(listed.code, listed.stderr).toBe(0);
    const { tools } = JSON.parse(listed.stdout) as { tools: { name: string }[] };
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);

    const title = `Inspected through ${through}`;
    const added = await inspector(
      url,
      jwt,
      '--method',
      'tools/call',
      '--tool-name',
      'add_task',
      '--tool-arg',
      `title=${title}`,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout).isError).toBeFalsy();

    const all = await inspector(url, jwt, '--method', 'tools/call', '--tool-name', 'list_tasks');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain(title);
  });
}

test('without a token, /mcp tells a client where to sign in (RFC 9728), naming the public host', async ({
  request,
  baseURL,
}) => {
  const anonymous = await request.post('/mcp', {
    headers: { accept: 'application/json, text/event-stream' },
    data: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  });
  expect(anonymous.status()).toBe(401);
  const challenge = anonymous.headers()['www-authenticate'];
  expect(challenge).toBe(`Bearer resource_metadata="${baseURL}/.well-known/oauth-protected-resource/mcp"`);
  const metadata = await request.get('/.well-known/oauth-protected-resource/mcp');
  expect(metadata.status()).toBe(200);
  expect(await metadata.json()).toMatchObject({ resource: `${baseURL}/mcp`, bearer_methods_supported: ['header'] });

  const refused = await inspector(`${baseURL}/mcp`, undefined, '--method', 'tools/list');
  expect(refused.code).not.toBe(0);
});

test('the OpenAPI document and the API reference are reachable through the public host', async ({ request }) => {
  const document = await request.get('/openapi.json');
  expect(document.status()).toBe(200);
  expect(((await document.json()) as { openapi: string }).openapi).toBe('3.1.0');
  const docs = await request.get('/docs');
  // Off in production builds unless API_DOCS is set (the chart's apiDocs value).
  if (docs.status() === 404) return;
  expect(docs.status()).toBe(200);
  expect(await docs.text()).toContain('/docs/js/scalar.js');
  expect((await request.get('/docs/js/scalar.js')).status()).toBe(200);
});
