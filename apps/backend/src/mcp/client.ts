import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { AuditSource } from '../services/audit.js';
import type { TaskService } from '../services/tasks.js';
import { createMcpServer, type ToolHooks } from './server.js';

/** An MCP client linked in memory to the task tools of `userId`: the chat uses the same tools as `/mcp`. */
export async function connectTools(
  tasks: TaskService,
  userId: string,
  source: AuditSource,
  hooks?: ToolHooks,
  timeZone?: string,
): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(tasks, userId, source, hooks, timeZone).connect(serverSide);
  const client = new Client({ name: 'todo-chat', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}
