// A small real HTTP server answering the Kubernetes API paths the ops tools read, from recorded objects, on
// 127.0.0.1; with a kubeconfig pointing at it, the real @kubernetes/client-node code path runs unchanged.
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * A response body by path (no query string): an object is served as JSON, a string as text/plain; a function is
 * called with the request URL and the number of earlier requests to that path, and its result served.
 */
export type Routes = Record<string, unknown>;

export interface FakeApiServer {
  url: string;
  kubeconfig: string;
  requests: URL[];
  close(): Promise<void>;
}

export async function startFakeApiServer(routes: Routes): Promise<FakeApiServer> {
  const requests: URL[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const path = decodeURIComponent(url.pathname); // the API server decodes %2F in proxy paths too
    const route = routes[path];
    const body =
      typeof route === 'function' ? route(url, requests.filter((u) => u.pathname === url.pathname).length - 1) : route;
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
    } else if (typeof body === 'string') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
    } else {
      // a Status object is an API error, sent with its code like the real API server does
      const status =
        (body as { kind?: string; code?: number }).kind === 'Status' ? (body as { code: number }).code : 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = await mkdtemp(join(tmpdir(), 'ops-kubeconfig-'));
  const kubeconfig = join(dir, 'config');
  await writeFile(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      // client-node refuses plain HTTP unless TLS verification is off; there is no TLS on this loopback server
      clusters: [{ name: 'fake', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'fake', user: { token: 'fake-token' } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: 'todo' } }],
      'current-context': 'fake',
    }),
  );
  return {
    url,
    kubeconfig,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
