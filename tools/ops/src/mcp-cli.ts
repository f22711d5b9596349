// The ops MCP server: stdio by default (what kubectl-ai --mcp-client and most clients start), or
// --http [--port 7421] for streamable HTTP on 127.0.0.1. Target: --namespace, --release, --context / KUBE_CONTEXT.
import type { AddressInfo } from 'node:net';
import { parseTarget } from './kube/target.js';
import { serveHttp, serveStdio } from './mcp/server.js';

const argv = process.argv.slice(2);
const target = parseTarget(argv);
if (argv.includes('--http')) {
  const at = argv.indexOf('--port');
  const http = await serveHttp(target, at >= 0 ? Number(argv[at + 1]) : 7421);
  console.error(`ops MCP server on http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`);
} else {
  await serveStdio(target);
}
