import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { TaskService } from '../services/tasks.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The task domain, one for the app: the REST routes, the chat's tools and `/mcp` all write through it. */
    taskService: TaskService;
  }
}

async function taskService(app: FastifyInstance) {
  app.decorate('taskService', new TaskService(app.db, app.taskListCache));
}

export default fp(taskService, { name: 'task-service', dependencies: ['database', 'cache'] });
