// The ops MCP server: stdio by default (what kubectl-ai --mcp-client and most clients start), or
// --http [--port 7421] for streamable HTTP on 127.0.0.1. Target: --namespace, --release, --context / KUBE_CONTEXT.
import type { AddressInfo } from 'node:net';
import { parseCli, refuse } from '@todo/cli';
import { TARGET_OPTIONS, TARGET_USAGE, targetFrom } from './kube/target.js';

const { values } = parseCli({
  usage: `Usage: mcp-cli.ts [--http [--port 7421]] [--namespace todo] [--release todo] [--context <ctx>]

The ops MCP server: stdio by default, or streamable HTTP on 127.0.0.1 with --http.

  --http         serve streamable HTTP instead of stdio
  --port <port>  its port (default 7421)
${TARGET_USAGE}`,
  options: { ...TARGET_OPTIONS, http: { type: 'boolean', default: false }, port: { type: 'string', default: '7421' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) refuse(`--port must be a port number (got "${values.port}")`);
const target = targetFrom(values);
// The heavy modules (the Kubernetes client, the MCP SDK) load once the arguments are read: --help and a refused
// option answer without them.
const { serveHttp, serveStdio } = await import('./mcp/server.js');
if (values.http) {
  const http = await serveHttp(target, port);
  console.error(`ops MCP server on http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`);
} else {
  await serveStdio(target);
}
