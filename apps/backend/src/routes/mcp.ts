import type { FastifyInstance } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { auditSource } from '../audit/source.js';
import { createMcpServer } from '../mcp/server.js';
import { TaskService } from '../services/tasks.js';

/**
 * The task tools for external MCP clients over streamable HTTP, as the user of the Bearer token. Stateless: a
 * server and a transport per request, JSON answers, no sessions, so any replica answers.
 */
export default async function mcpRoutes(app: FastifyInstance) {
  const tasks = new TaskService(app.db, app.taskListCache);
  app.addHook('preValidation', app.authorizeUser);

  app.post('/mcp', async (request, reply) => {
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
  app.get('/mcp', async (_request, reply) => reply.status(405).header('allow', 'POST').send(notAllowed));
  app.delete('/mcp', async (_request, reply) => reply.status(405).header('allow', 'POST').send(notAllowed));
}
