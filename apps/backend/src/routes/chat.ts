import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ChatRequest,
  ChatResponse,
  ChatStatus,
  ConversationDetail,
  ConversationList,
  ConversationParams,
  ErrorBody,
  ErrorCode,
  UserParams,
  type ToolCall,
} from '@todo/contracts';
import { canonicalTimeZone } from '@todo/contracts/zone';
import { auditSource } from '../audit/source.js';
import { runAgent } from '../chat/agent.js';
import type { Config } from '../config.js';
import { HttpError, invalidField } from '../errors.js';
import { ConversationService } from '../services/conversations.js';
import userScope from '../plugins/user-scope.js';

// What each route answers besides success (openapi.test.ts produces every one); 404 only where a conversation is named.
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };
const conversationErrors = { ...errors, 404: ErrorBody };

function checkTimeZone(timeZone: string): string {
  const zone = canonicalTimeZone(timeZone);
  if (!zone) throw invalidField('timezone', 'body', 'is not a known IANA time zone');
  return zone;
}

const outcomeOf = (error: unknown) =>
  error instanceof HttpError && error.code === ErrorCode.providerError
    ? 'provider_error'
    : error instanceof HttpError && error.code === ErrorCode.providerTimeout
      ? 'provider_timeout'
      : 'error';

/** The reply stored for a turn whose model failed after its tools had changed something. */
const FAILED_TURN = 'The assistant failed before answering; the changes listed were made.';

/**
 * The Phase III chat. Stateless: each turn claims its conversation (one turn at a time, 409 otherwise), stores the
 * user's message, runs the agent with the MCP task tools, then stores the reply with the tool calls. A turn that
 * fails after its tools changed something is stored with them; one that changed nothing leaves no trace. A retry
 * with the same idempotency key answers the stored turn.
 */
async function chatRoutes(fastify: FastifyInstance, { config }: { config: Config }) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tasks = app.taskService;
  const conversations = new ConversationService(app.db);
  await app.register(userScope);

  app.post(
    '/api/:user_id/chat',
    {
      // Per user, counted once the caller is known; only with a provider to protect.
      config: config.chat
        ? {
            rateLimit: {
              max: config.chat.rateLimitMax,
              timeWindow: '1 minute',
              hook: 'preHandler',
              keyGenerator: (request) => request.userId,
            },
          }
        : {},
      schema: {
        summary: 'Send the assistant a message; it may change tasks with its tools',
        params: UserParams,
        body: ChatRequest,
        response: {
          200: ChatResponse,
          ...conversationErrors,
          409: ErrorBody,
          502: ErrorBody,
          503: ErrorBody,
          504: ErrorBody,
        },
      },
    },
    async (request) => {
      const chat = config.chat;
      if (!chat)
        throw new HttpError(
          503,
          ErrorCode.chatNotConfigured,
          'Chat is not configured on this server: set OPENAI_BASE_URL or OPENAI_API_KEY',
        );
      const { conversation_id: conversationId, message, idempotency_key: key } = request.body;
      const timeZone = checkTimeZone(request.body.timezone ?? 'UTC');
      // The lease outlasts the turn's own deadline, so a crashed replica's claim ends by itself.
      const start = await conversations.begin(request.userId, conversationId, message, key, chat.timeoutMs + 10_000);
      if (start.replay) {
        const { conversationId: id, response, toolCalls } = start.replay;
        return { conversation_id: id, response, tool_calls: toolCalls };
      }
      const { turn } = start;

      const started = performance.now();
      const observe = (outcome: string) =>
        app.metrics.chatTurns.observe({ outcome }, (performance.now() - started) / 1000);
      const toolCalls: ToolCall[] = [];
      const { connectTools } = await import('../mcp/runtime.js');
      const tools = await connectTools(
        tasks,
        request.userId,
        auditSource(request, 'chat'),
        {
          onCall: (tool) => app.metrics.toolCalls.inc({ tool, origin: 'chat' }),
          onError: (err) => request.log.error({ err }, 'tool failed'),
        },
        timeZone,
      );
      let reply: Awaited<ReturnType<typeof runAgent>>;
      try {
        reply = await runAgent(chat, tools, { history: turn.history, message, timeZone }, toolCalls);
        observe('ok');
      } catch (error) {
        observe(outcomeOf(error));
        if (error instanceof HttpError) request.log.warn({ code: error.code }, error.message);
        // What the tools changed stays recorded with the turn; a turn that changed nothing leaves no trace.
        if (toolCalls.length) await conversations.finish(request.userId, turn, FAILED_TURN, toolCalls);
        else await conversations.abandon(turn);
        throw error;
      } finally {
        await tools.close();
      }
      await conversations.finish(request.userId, turn, reply.response, reply.toolCalls);
      return { conversation_id: turn.conversationId, response: reply.response, tool_calls: reply.toolCalls };
    },
  );

  app.get(
    '/api/:user_id/chat',
    {
      schema: {
        summary: 'Whether the assistant has a model on this server',
        params: UserParams,
        response: { 200: ChatStatus, ...errors },
      },
    },
    async () => ({ configured: Boolean(config.chat) }),
  );

  app.get(
    '/api/:user_id/conversations',
    {
      schema: {
        summary: "The caller's conversations",
        params: UserParams,
        response: { 200: ConversationList, ...errors },
      },
    },
    async (request) => ({ items: await conversations.list(request.userId) }),
  );

  app.get(
    '/api/:user_id/conversations/:id',
    {
      schema: {
        summary: 'One conversation with its messages',
        params: ConversationParams,
        response: { 200: ConversationDetail, ...conversationErrors },
      },
    },
    async (request) => conversations.get(request.userId, request.params.id),
  );
}

export default fp(chatRoutes, { name: 'chat-routes', encapsulate: true, dependencies: ['task-service', 'metrics'] });
