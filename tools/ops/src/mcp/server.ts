import { createServer, type Server } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { OpsTarget } from '../kube/target.js';
import { registerOpsTools } from './tools.js';

export const SERVER_NAME = 'todo-ops';

export function createOpsServer(target: OpsTarget): McpServer {
  const server = new McpServer({ name: SERVER_NAME, version: '0.1.0' });
  registerOpsTools(server, target);
  return server;
}

export async function serveStdio(target: OpsTarget): Promise<void> {
  await createOpsServer(target).connect(new StdioServerTransport());
}

/** Streamable HTTP on 127.0.0.1:<port>/mcp, stateless: a server and transport per request. */
export async function serveHttp(target: OpsTarget, port: number): Promise<Server> {
  const http = createServer(async (req, res) => {
    if (new URL(req.url ?? '/', 'http://127.0.0.1').pathname !== '/mcp') return void res.writeHead(404).end();
    const address = http.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableDnsRebindingProtection: true,
      allowedHosts: [`127.0.0.1:${bound}`, `localhost:${bound}`],
    });
    const server = createOpsServer(target);
    res.on('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((listening) => http.listen(port, '127.0.0.1', listening));
  return http;
}
