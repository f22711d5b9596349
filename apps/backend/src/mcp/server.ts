import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { TASK_LIMITS, TaskCreate, TaskListQuery, TaskParams, ToolDueAt, type Task } from '@todo/contracts';
import { fromContract } from './contract-schema.js';
import { resolveDueAt } from './local-time.js';
import { HttpError } from '../errors.js';
import type { AuditSource } from '../services/audit.js';
import type { TaskService } from '../services/tasks.js';

export const TOOL_NAMES = ['add_task', 'list_tasks', 'complete_task', 'delete_task', 'update_task'] as const;

/** The spec's `user_id` argument: optional, since the caller is already known; any other user is refused. */
const userId = z.string().optional().describe("Optional: the caller's own user id; no other user's is accepted");
const taskId = fromContract(TaskParams.properties.id, 'The id of one of your tasks');
const { title, description, priority, tags } = TaskCreate.properties;
const fields = {
  title: fromContract(title),
  description: fromContract(description),
  priority: fromContract(priority),
  tags: fromContract(tags, 'Distinct labels, each without surrounding spaces'),
  due_at: fromContract(
    ToolDueAt,
    'Local date and time where you are, e.g. 2026-05-01T17:00 (the time zone rules of that day apply), ' +
      'or ISO 8601 with its UTC offset, e.g. 2026-05-01T17:00:00+02:00; null for none',
  ),
};

const summary = (task: Task, status: string) => ({ task_id: task.id, status, title: task.title });
const json = (value: unknown): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value) }] });
const refusal = (message: string): CallToolResult => ({ content: [{ type: 'text', text: message }], isError: true });

export interface ToolHooks {
  onCall?: (tool: string) => void;
  /** An unexpected failure (the database is down): the caller gets a generic tool error, the log gets this. */
  onError?: (error: unknown) => void;
}

/**
 * The Phase III task tools for one authenticated user, over the same service as the REST routes. A new server
 * per request: nothing is kept between calls. Every change is audited with `source` (the request that called).
 */
export function createMcpServer(
  tasks: TaskService,
  caller: string,
  source: AuditSource,
  hooks: ToolHooks = {},
  /** Where the caller is: a local due time means that zone's time. */
  timeZone = 'UTC',
): McpServer {
  const server = new McpServer({ name: 'todo', version: '1.0.0' });

  /** Runs a tool as the caller; a known domain error (not found) is a tool error the model can read. */
  async function run(name: string, args: { user_id?: string }, action: () => Promise<unknown>) {
    hooks.onCall?.(name);
    if (args.user_id !== undefined && args.user_id !== caller)
      return refusal('user_id does not match the authenticated user');
    try {
      return json(await action());
    } catch (error) {
      if (error instanceof HttpError && error.statusCode < 500) return refusal(error.message);
      hooks.onError?.(error);
      return refusal(`${name} failed; try again later`);
    }
  }

  server.registerTool(
    'add_task',
    {
      description: 'Create a new task.',
      inputSchema: {
        user_id: userId,
        title: fields.title,
        description: fields.description.optional(),
        priority: fields.priority.optional(),
        tags: fields.tags.optional(),
        due_at: fields.due_at.optional(),
      },
    },
    ({ user_id, due_at, ...input }) =>
      run('add_task', { user_id }, async () => {
        const task = { ...input, due_at: resolveDueAt(due_at, timeZone) };
        return summary(await tasks.create(caller, task, source), 'created');
      }),
  );

  server.registerTool(
    'list_tasks',
    {
      description:
        'List your tasks, newest first, a page at a time: when next_cursor is not null, call again with it as ' +
        'cursor for the next page. q finds tasks by words of their title or description.',
      inputSchema: {
        user_id: userId,
        status: fromContract(TaskListQuery.properties.status).optional(),
        q: fromContract(TaskListQuery.properties.q, 'Text the title or description contains').optional(),
        cursor: fromContract(TaskListQuery.properties.cursor, 'next_cursor of the previous page').optional(),
      },
    },
    (args) =>
      run('list_tasks', args, async () => {
        const { status, q, cursor } = args;
        const page = await tasks.list(caller, { status, q, cursor, limit: TASK_LIMITS.pageMax });
        const items = page.items.map(({ id, title, description, completed, priority, tags, due_at }) => ({
          id,
          title,
          description,
          completed,
          priority,
          tags,
          due_at,
        }));
        return { tasks: items, next_cursor: page.next_cursor };
      }),
  );

  server.registerTool(
    'complete_task',
    { description: 'Mark a task as complete.', inputSchema: { user_id: userId, task_id: taskId } },
    (args) =>
      run('complete_task', args, async () =>
        summary(await tasks.complete(caller, args.task_id, true, source), 'completed'),
      ),
  );

  server.registerTool(
    'delete_task',
    { description: 'Delete a task.', inputSchema: { user_id: userId, task_id: taskId } },
    (args) =>
      run('delete_task', args, async () => summary(await tasks.remove(caller, args.task_id, source), 'deleted')),
  );

  server.registerTool(
    'update_task',
    {
      description: 'Change the given fields of a task; the others stay as they are.',
      inputSchema: {
        user_id: userId,
        task_id: taskId,
        title: fields.title.optional(),
        description: fields.description.optional(),
        priority: fields.priority.optional(),
        tags: fields.tags.optional(),
        due_at: fields.due_at.optional(),
      },
    },
    ({ user_id, task_id, due_at, ...changes }) =>
      run('update_task', { user_id }, async () => {
        const patch = { ...changes, due_at: resolveDueAt(due_at, timeZone) };
        return summary(await tasks.patch(caller, task_id, patch, source), 'updated');
      }),
  );

  return server;
}
