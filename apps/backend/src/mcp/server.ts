import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import {
  DATE_TIME_RANGE,
  isDateTime,
  PRIORITIES,
  TASK_LIMITS,
  TEXT_PATTERN_MESSAGES,
  TEXT_PATTERNS,
  type Task,
} from '@todo/contracts';
import { HttpError } from '../errors.js';
import type { AuditSource } from '../services/audit.js';
import type { TaskService } from '../services/tasks.js';

export const TOOL_NAMES = ['add_task', 'list_tasks', 'complete_task', 'delete_task', 'update_task'] as const;

/** The spec's `user_id` argument: optional, since the caller is already known; any other user is refused. */
const userId = z.string().optional().describe("Optional: the caller's own user id; no other user's is accepted");
const taskId = z.number().int().min(1).max(2147483647).describe('The id of one of your tasks');
/** A string matching one of the contract's text patterns, with the contract's message. */
const text = (pattern: string) => z.string().regex(new RegExp(pattern), TEXT_PATTERN_MESSAGES[pattern]);
const title = text(TEXT_PATTERNS.filledLine).min(1).max(TASK_LIMITS.titleMax);
const description = text(TEXT_PATTERNS.text).max(TASK_LIMITS.descriptionMax);
const priority = z.enum(PRIORITIES);
const tags = z.array(text(TEXT_PATTERNS.trimmedLine).min(1).max(TASK_LIMITS.tagMax)).max(TASK_LIMITS.tagsMax);
const dueAt = z.iso
  .datetime({ offset: true })
  .refine(isDateTime, `must be an RFC 3339 date-time from ${DATE_TIME_RANGE.min} to ${DATE_TIME_RANGE.max}`)
  .describe('ISO 8601 date and time with its UTC offset, e.g. 2026-05-01T17:00:00+02:00');

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
        title,
        description: description.optional(),
        priority: priority.optional(),
        tags: tags.optional(),
        due_at: dueAt.optional(),
      },
    },
    ({ user_id, ...input }) =>
      run('add_task', { user_id }, async () => summary(await tasks.create(caller, input, source), 'created')),
  );

  server.registerTool(
    'list_tasks',
    {
      description: 'List your tasks, newest first (at most 100).',
      inputSchema: { user_id: userId, status: z.enum(['all', 'pending', 'completed']).optional() },
    },
    (args) =>
      run('list_tasks', args, async () => {
        const page = await tasks.list(caller, { status: args.status, limit: TASK_LIMITS.pageMax });
        return page.items.map(({ id, title, description, completed, priority, tags, due_at }) => ({
          id,
          title,
          description,
          completed,
          priority,
          tags,
          due_at,
        }));
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
        title: title.optional(),
        description: description.nullable().optional(),
        priority: priority.optional(),
        tags: tags.optional(),
        due_at: dueAt.nullable().optional(),
      },
    },
    ({ user_id, task_id, ...changes }) =>
      run('update_task', { user_id }, async () => {
        const task = await tasks.get(caller, task_id);
        const keep = <T>(value: T | undefined, current: T) => (value === undefined ? current : value);
        const updated = await tasks.update(
          caller,
          task_id,
          {
            title: changes.title ?? task.title,
            description: keep(changes.description, task.description),
            priority: changes.priority ?? task.priority,
            tags: changes.tags ?? task.tags,
            due_at: keep(changes.due_at, task.due_at),
            completed: task.completed,
          },
          source,
        );
        return summary(updated, 'updated');
      }),
  );

  return server;
}
