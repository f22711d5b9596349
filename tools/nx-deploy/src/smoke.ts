// `nx run deploy:smoke [--configuration=<environment>]`: curl-level checks of a deployed release.
//  - through the ingress: the frontend's health routes, a page, the API answering through the proxy, HTTP -> HTTPS,
//    /mcp with its auth discovery (RFC 9728) and the OpenAPI document, all on the public host
//  - through kubectl port-forward: the backend's /healthz, /readyz and /metrics
//  - the NetworkPolicies: a pod outside the app cannot reach PostgreSQL, one labelled as the migrations Job can
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { capture } from './shell.js';

export interface Check {
  name: string;
  run: () => Promise<string | undefined>; // undefined when it passed, else what went wrong
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET without following redirects; accepts the chart's self-signed certificate. */
export function get(url: string, timeoutMs = 10_000): Promise<Reply> {
  return send(url, { method: 'GET' }, timeoutMs);
}

/** One request (a JSON body when given), without following redirects; accepts the self-signed certificate. */
export function send(url: string, options: { method: string; json?: unknown }, timeoutMs = 10_000): Promise<Reply> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers = body
    ? { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
    : undefined;
  return new Promise((resolvePromise, reject) => {
    const req = request(
      url,
      { method: options.method, headers, rejectUnauthorized: false, timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

const expectStatus = (url: string, status: number, test?: (reply: Reply) => string | undefined): Check => ({
  name: `GET ${url} answers ${status}`,
  async run() {
    const reply = await get(url).catch((error: Error) => error);
    if (reply instanceof Error) return reply.message;
    if (reply.status !== status) return `got ${reply.status}`;
    return test?.(reply);
  },
});

/** What the ingress must serve at `baseUrl` (https://todo.local). */
export function ingressChecks(baseUrl: string): Check[] {
  const checks = [
    expectStatus(`${baseUrl}/api/health`, 200),
    expectStatus(`${baseUrl}/api/ready`, 200),
    expectStatus(`${baseUrl}/sign-in`, 200, (reply) => (/<html/i.test(reply.body) ? undefined : 'not an HTML page')),
    expectStatus(`${baseUrl}/api/smoke-check/tasks`, 401, (reply) =>
      /"code"\s*:\s*"UNAUTHORIZED"/.test(reply.body)
        ? undefined
        : `not the API's error body: ${reply.body.slice(0, 120)}`,
    ),
    ...mcpChecks(baseUrl),
    expectStatus(`${baseUrl}/openapi.json`, 200, (reply) =>
      /"openapi"\s*:\s*"3\.1\.0"/.test(reply.body) ? undefined : 'not an OpenAPI 3.1 document',
    ),
  ];
  if (baseUrl.startsWith('https://')) {
    const plain = baseUrl.replace(/^https:/, 'http:');
    checks.push({
      name: `GET ${plain}/ redirects to HTTPS`,
      async run() {
        const reply = await get(`${plain}/`).catch((error: Error) => error);
        if (reply instanceof Error) return reply.message;
        const location = String(reply.headers.location ?? '');
        return [301, 302, 307, 308].includes(reply.status) && location.startsWith('https://')
          ? undefined
          : `got ${reply.status} ${location}`;
      },
    });
  }
  return checks;
}

/** MCP clients on the public host: /mcp answers an anonymous call with the challenge naming its metadata there. */
function mcpChecks(baseUrl: string): Check[] {
  const metadataUrl = `${baseUrl}/.well-known/oauth-protected-resource/mcp`;
  return [
    {
      name: `POST ${baseUrl}/mcp without a token answers 401 naming ${metadataUrl}`,
      async run() {
        const call = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
        const reply = await send(`${baseUrl}/mcp`, { method: 'POST', json: call }).catch((error: Error) => error);
        if (reply instanceof Error) return reply.message;
        const challenge = String(reply.headers['www-authenticate'] ?? '');
        if (reply.status !== 401) return `got ${reply.status}`;
        return challenge === `Bearer resource_metadata="${metadataUrl}"` ? undefined : `challenge: ${challenge}`;
      },
    },
    expectStatus(metadataUrl, 200, (reply) => {
      const resource = (JSON.parse(reply.body) as { resource?: string }).resource;
      return resource === `${baseUrl}/mcp` ? undefined : `resource is ${resource}`;
    }),
  ];
}

/** The backend's own probes and metrics, reached at `backendUrl` (a port-forward). */
export function backendChecks(backendUrl: string): Check[] {
  return [
    expectStatus(`${backendUrl}/healthz`, 200),
    expectStatus(`${backendUrl}/readyz`, 200),
    expectStatus(`${backendUrl}/metrics`, 200, (reply) =>
      reply.body.includes('http_request_duration_seconds') ? undefined : 'no HTTP duration histogram',
    ),
  ];
}

export interface Cluster {
  kubectl: string;
  context: string;
  namespace: string;
  release: string;
}

/**
 * `kubectl run` of a throwaway pod with the database image, running pg_isready against the database Service.
 * Locked down like the chart's pods, so the restricted Pod Security Standard admits it.
 */
export function probeArgs(cluster: Cluster, image: string, labels: Record<string, string>): string[] {
  const name = `smoke-probe-${randomBytes(3).toString('hex')}`;
  const overrides = {
    spec: {
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name,
          image,
          command: ['pg_isready', '--host', `${cluster.release}-database`, '--port', '5432', '--timeout', '5'],
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
        },
      ],
    },
  };
  return [
    cluster.kubectl,
    '--context',
    cluster.context,
    '--namespace',
    cluster.namespace,
    'run',
    name,
    '--rm',
    '--attach',
    '--quiet',
    '--restart=Never',
    `--image=${image}`,
    `--labels=${Object.entries(labels)
      .map(([key, value]) => `${key}=${value}`)
      .join(',')}`,
    `--overrides=${JSON.stringify(overrides)}`,
    '--pod-running-timeout=2m',
  ];
}

export function networkPolicyChecks(cluster: Cluster, image: string): Check[] {
  const reach = async (labels: Record<string, string>) => (await capture(probeArgs(cluster, image, labels))).code === 0;
  return [
    {
      name: 'a pod outside the app cannot reach PostgreSQL',
      run: async () =>
        (await reach({ 'app.kubernetes.io/name': 'smoke-probe' }))
          ? 'it connected: are NetworkPolicies enforced (minikube start --cni calico)?'
          : undefined,
    },
    {
      name: 'a pod labelled as the migrations Job can (the probe works)',
      run: async () =>
        (await reach({
          'app.kubernetes.io/name': 'todo',
          'app.kubernetes.io/instance': cluster.release,
          'app.kubernetes.io/component': 'migrations',
        }))
          ? undefined
          : 'it could not connect',
    },
  ];
}

/** Runs the checks in order, one line each; resolves true when all passed. */
export async function runChecks(checks: Check[]): Promise<boolean> {
  let passed = true;
  for (const check of checks) {
    const problem = await check.run().catch((error: Error) => error.message);
    console.log(`${problem ? '✖' : '✔'} ${check.name}${problem ? `: ${problem}` : ''}`);
    if (problem) passed = false;
  }
  return passed;
}

/** `kubectl port-forward` of the backend Service on a local port; resolves its URL once it listens. */
export function portForward(cluster: Cluster, port: number): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    cluster.kubectl,
    [
      '--context',
      cluster.context,
      '--namespace',
      cluster.namespace,
      'port-forward',
      '--address',
      '127.0.0.1',
      `svc/${cluster.release}-backend`,
      `${port}:http`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePromise, reject) => {
    child.on('exit', (code) => reject(new Error(`kubectl port-forward exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Forwarding from'))
        resolvePromise({ url: `http://127.0.0.1:${port}`, stop: () => child.kill() });
    });
  });
}
