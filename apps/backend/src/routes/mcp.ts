import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from '@fastify/type-provider-typebox';
import { JsonRpcErrorBody, JsonRpcMessage, ProtectedResourceMetadata } from '@todo/contracts';
import { auditSource } from '../audit/source.js';
import { bearerChallenge, MCP_PATH, RESOURCE_METADATA_PATH, resourceMetadata } from '../mcp/discovery.js';
import { EmptyBodyError, jsonRpcError, UnsupportedMediaTypeError } from '../mcp/json-rpc-errors.js';

export const MCP_LIMITS = {
  /** JSON-RPC messages in one batch: each is a tool call that may write, so a batch is a burst of writes. */
  batchMax: 10,
} as const;

/**
 * The task tools for external MCP clients over streamable HTTP, as the user of the Bearer token. Stateless: a
 * server and a transport per request, JSON answers, no sessions, so any replica answers. Every refusal is a
 * JSON-RPC error; a 401 names the resource metadata (RFC 9728) that tells a client where to sign in. Besides the
 * API's own credentials, it takes the authorization server's access tokens issued for it (audience `resource`).
 */
async function mcpRoutes(app: FastifyInstance, discovery: { resource: string; authorizationServer: string }) {
  const tasks = app.taskService;

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = jsonRpcError(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    if (status === 401) reply.header('www-authenticate', bearerChallenge(request));
    return reply.status(status).send(body);
  });

  // Public: RFC 9728 metadata, at the path-suffixed address of the `/mcp` resource and at the root for older clients.
  for (const url of [RESOURCE_METADATA_PATH, `${RESOURCE_METADATA_PATH}${MCP_PATH}`]) {
    app.get(
      url,
      {
        schema: {
          summary: 'OAuth 2.0 Protected Resource Metadata of /mcp (RFC 9728)',
          response: { 200: ProtectedResourceMetadata },
        },
      },
      async (request) => resourceMetadata(request, discovery),
    );
  }

  const refusals = { 400: JsonRpcErrorBody, 401: JsonRpcErrorBody, 415: JsonRpcErrorBody, 429: JsonRpcErrorBody };
  const schema = {
    summary: 'MCP over streamable HTTP (stateless, JSON answers): the task tools as the caller',
    body: Type.Union([JsonRpcMessage, Type.Array(JsonRpcMessage, { minItems: 1 })]),
    response: {
      200: { description: 'The JSON-RPC response', content: { 'application/json': { schema: Type.Unknown() } } },
      202: { description: 'A notification or response, accepted', type: 'null' },
      ...refusals,
    },
  };
  // Checked before the schema: another media type is 415 (as the transport answers), no body a parse error (-32700).
  const jsonOnly = async (request: FastifyRequest) => {
    if (request.headers['content-type']?.split(';')[0].trim().toLowerCase() !== 'application/json')
      throw new UnsupportedMediaTypeError();
    if (request.body === undefined) throw new EmptyBodyError();
  };
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

  app.post(
    MCP_PATH,
    { schema, preValidation: [app.authorizeMcpUser, jsonOnly], preHandler: limitCalls },
    async (request, reply) => {
      const { createMcpServer, StreamableHTTPServerTransport } = await import('../mcp/runtime.js');
      const server = createMcpServer(tasks, request.userId, auditSource(request, 'mcp'), {
        onCall: (tool) => app.metrics.toolCalls.inc({ tool, origin: 'mcp' }),
        onError: (err) => request.log.error({ err }, 'tool failed'),
      });
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      reply.raw.on('close', () => void server.close());
      await server.connect(transport);
      reply.hijack();
      await transport.handleRequest(request.raw, reply.raw, request.body);
    },
  );

  // No sessions, hence no server-sent event stream to open and none to end.
  const notAllowed = { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed' }, id: null };
  for (const method of ['GET', 'DELETE'] as const) {
    app.route({
      method,
      url: MCP_PATH,
      schema: {
        summary: 'Not allowed: no sessions, no event stream',
        response: { 401: JsonRpcErrorBody, 405: JsonRpcErrorBody, 429: JsonRpcErrorBody },
      },
      preValidation: app.authorizeMcpUser,
      handler: async (_request, reply) => reply.status(405).header('allow', 'POST').send(notAllowed),
    });
  }
}

export default fp(mcpRoutes, { name: 'mcp-routes', encapsulate: true, dependencies: ['task-service', 'metrics'] });
