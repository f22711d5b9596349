import type { FastifyError, FastifyInstance } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { auditSource } from '../audit/source.js';
import { bearerChallenge, MCP_PATH, RESOURCE_METADATA_PATH, resourceMetadata } from '../mcp/discovery.js';
import { jsonRpcError, JsonRpcRefusal } from '../mcp/json-rpc-errors.js';
import { createMcpServer } from '../mcp/server.js';
import { TaskService } from '../services/tasks.js';

/**
 * The task tools for external MCP clients over streamable HTTP, as the user of the Bearer token. Stateless: a
 * server and a transport per request, JSON answers, no sessions, so any replica answers. Every refusal is a
 * JSON-RPC error; a 401 names the resource metadata (RFC 9728) that tells a client where to sign in.
 */
export default async function mcpRoutes(
  app: FastifyInstance,
  { authorizationServer }: { authorizationServer: string },
) {
  const tasks = new TaskService(app.db, app.taskListCache);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = jsonRpcError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (status === 401) reply.header('www-authenticate', bearerChallenge(request));
    return reply.status(status).send(body);
  });

  // Public: RFC 9728 metadata, at the path-suffixed address of the `/mcp` resource and at the root for older clients.
  for (const url of [RESOURCE_METADATA_PATH, `${RESOURCE_METADATA_PATH}${MCP_PATH}`]) {
    app.get(url, async (request) => resourceMetadata(request, authorizationServer));
  }

  app.post(MCP_PATH, { preValidation: app.authorizeUser }, async (request, reply) => {
    if (request.body === undefined) throw new JsonRpcRefusal('EMPTY_BODY');
    // JSON-RPC 2.0: an empty array is one Invalid Request (the transport would accept it as nothing to do).
    if (Array.isArray(request.body) && request.body.length === 0) throw new JsonRpcRefusal('EMPTY_BATCH');
    const server = createMcpServer(tasks, request.userId, auditSource(request, 'mcp'), {
      onCall: (tool) => app.metrics.toolCalls.inc({ tool, origin: 'mcp' }),
      onError: (err) => request.log.error({ err }, 'tool failed'),
    });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.raw.on('close', () => void server.close());
    await server.connect(transport);
    reply.hijack();
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  // No sessions, hence no server-sent event stream to open and none to end.
  const notAllowed = { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null };
  for (const method of ['GET', 'DELETE'] as const) {
    app.route({
      method,
      url: MCP_PATH,
      preValidation: app.authorizeUser,
      handler: async (_request, reply) => reply.status(405).header('allow', 'POST').send(notAllowed),
    });
  }
}
