import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { auditSource } from '../audit/source.js';
import { createMcpServer } from '../mcp/server.js';
import { TaskService } from '../services/tasks.js';

export const MCP_LIMITS = {
  /** JSON-RPC messages in one batch: each is a tool call that may write, so a batch is a burst of writes. */
  batchMax: 10,
} as const;

/**
 * The task tools for external MCP clients over streamable HTTP, as the user of the Bearer token. Stateless: a
 * server and a transport per request, JSON answers, no sessions, so any replica answers.
 */
export default async function mcpRoutes(app: FastifyInstance) {
  const tasks = new TaskService(app.db, app.taskListCache);
  app.addHook('preValidation', app.authorizeUser);

  // Each JSON-RPC message spends the per-user budget, as the same call over REST would; a batch above the cap is
  // refused whole, before any of its calls runs.
  async function limitCalls(request: FastifyRequest, reply: FastifyReply) {
    const calls = Array.isArray(request.body) ? request.body.length : 1;
    if (calls > MCP_LIMITS.batchMax) {
      const message = `A batch holds at most ${MCP_LIMITS.batchMax} messages`;
      return reply.status(400).send({ jsonrpc: '2.0', error: { code: -32600, message }, id: null });
    }
    await app.limitUserCalls(request, reply, Math.max(calls, 1));
  }

  app.post('/mcp', { preHandler: limitCalls }, async (request, reply) => {
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
