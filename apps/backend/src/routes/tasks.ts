import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  Task,
  TaskComplete,
  TaskCountQuery,
  TaskCounts,
  TaskCreate,
  TaskListQuery,
  TaskPage,
  TaskParams,
  TaskUpdate,
  UserParams,
  taskEtag,
} from '@todo/contracts';
import { auditSource } from '../audit/source.js';
import type { IfMatch } from '../services/tasks.js';
import userScope from '../plugins/user-scope.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The task operation a route performs, counted in task_operations_total. */
    operation?: 'list' | 'get' | 'create' | 'update' | 'complete' | 'delete';
  }
}

// What each route answers besides success (openapi.test.ts produces every one); 404 only where a task is named,
// 412 where If-Match is taken.
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };
const taskErrors = { ...errors, 404: ErrorBody };
const writeErrors = { ...taskErrors, 412: ErrorBody };

/** The If-Match header as a list of entity tags (`*` for any); undefined when absent. */
function ifMatchOf(request: FastifyRequest): IfMatch | undefined {
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  return header.split(',').map((tag) => tag.trim());
}

/** A task answer carries the strong ETag of its version: the If-Match of the next write. */
const tagged = (reply: FastifyReply, task: Task) => {
  reply.header('etag', taskEtag(task));
  return task;
};

/** The task API of the contract: every route is per user, behind `authorizeUser` and the per-user rate limit. */
async function taskRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const service = app.taskService;
  await app.register(userScope);
  app.addHook('onResponse', async (request, reply) => {
    const { operation } = request.routeOptions.config;
    if (operation && reply.statusCode < 400) app.metrics.taskOperations.inc({ operation });
  });

  app.get(
    '/api/:user_id/tasks',
    {
      config: { operation: 'list' },
      schema: {
        summary: "List the caller's tasks: filters, search, sort, keyset pages",
        params: UserParams,
        querystring: TaskListQuery,
        response: { 200: TaskPage, ...errors },
      },
    },
    async (request) => service.list(request.userId, request.query),
  );

  app.get(
    '/api/:user_id/tasks/count',
    {
      schema: {
        summary: "How many of the caller's tasks the list's filters match, and how many are pending",
        params: UserParams,
        querystring: TaskCountQuery,
        response: { 200: TaskCounts, ...errors },
      },
    },
    async (request) => service.count(request.userId, request.query),
  );

  app.post(
    '/api/:user_id/tasks',
    {
      config: { operation: 'create' },
      schema: { summary: 'Create a task', params: UserParams, body: TaskCreate, response: { 201: Task, ...errors } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(tagged(reply, await service.create(request.userId, request.body, auditSource(request, 'rest')))),
  );

  app.get(
    '/api/:user_id/tasks/:id',
    {
      config: { operation: 'get' },
      schema: { summary: 'One task', params: TaskParams, response: { 200: Task, ...taskErrors } },
    },
    async (request, reply) => tagged(reply, await service.get(request.userId, request.params.id)),
  );

  app.put(
    '/api/:user_id/tasks/:id',
    {
      config: { operation: 'update' },
      schema: {
        summary: 'Replace the editable fields of a task (If-Match: its ETag, else 412)',
        params: TaskParams,
        body: TaskUpdate,
        response: { 200: Task, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { userId, params, body } = request;
      return tagged(
        reply,
        await service.update(userId, params.id, body, auditSource(request, 'rest'), ifMatchOf(request)),
      );
    },
  );

  app.patch(
    '/api/:user_id/tasks/:id/complete',
    {
      config: { operation: 'complete' },
      schema: {
        summary: 'Set completion with {completed} (safe to retry), or toggle it without a body',
        params: TaskParams,
        body: TaskComplete,
        response: { 200: Task, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { userId, params, body } = request;
      const source = auditSource(request, 'rest');
      return tagged(reply, await service.complete(userId, params.id, body?.completed, source, ifMatchOf(request)));
    },
  );

  app.delete(
    '/api/:user_id/tasks/:id',
    {
      config: { operation: 'delete' },
      schema: { summary: 'Delete a task', params: TaskParams, response: { 204: Type.Null(), ...taskErrors } },
    },
    async (request, reply) => {
      await service.remove(request.userId, request.params.id, auditSource(request, 'rest'));
      return reply.status(204).send(null);
    },
  );
}

export default fp(taskRoutes, { name: 'task-routes', encapsulate: true, dependencies: ['task-service', 'metrics'] });
