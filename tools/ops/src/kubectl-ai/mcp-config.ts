import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { OpsTarget } from '../kube/target.js';
import { SERVER_NAME } from '../mcp/server.js';
import { nodeTs } from './node-command.js';

/** One entry of kubectl-ai's mcp.yaml (servers: [{name, command, args, env, url}]). */
export interface McpServerEntry {
  name: string;
  command: string;
  args: string[];
}

/** Where kubectl-ai reads its MCP client configuration: $XDG_CONFIG_HOME/kubectl-ai/mcp.yaml. */
export const mcpConfigPath = (env: NodeJS.ProcessEnv = process.env) =>
  join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'kubectl-ai', 'mcp.yaml');

export function opsServerEntry(target: OpsTarget): McpServerEntry {
  const { command, args } = nodeTs('tools/ops/src/mcp-cli.ts');
  const scope = [`--namespace=${target.namespace}`, `--release=${target.release}`];
  return {
    name: SERVER_NAME,
    command,
    args: [...args, ...scope, ...(target.context ? [`--context=${target.context}`] : [])],
  };
}

/** Adds (or replaces) the todo-ops server in kubectl-ai's mcp.yaml, keeping the user's other servers. */
export async function writeMcpConfig(target: OpsTarget, path = mcpConfigPath()): Promise<string> {
  const existing = existsSync(path) ? (parse(await readFile(path, 'utf8')) ?? {}) : {};
  const servers = ((existing.servers ?? []) as McpServerEntry[]).filter((s) => s.name !== SERVER_NAME);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stringify({ ...existing, servers: [...servers, opsServerEntry(target)] }));
  return path;
}

/** Whether kubectl-ai's mcp.yaml has the todo-ops server (then `ops:ai` passes --mcp-client). */
export async function hasOpsServer(path = mcpConfigPath()): Promise<boolean> {
  if (!existsSync(path)) return false;
  const config = parse(await readFile(path, 'utf8')) ?? {};
  return ((config.servers ?? []) as McpServerEntry[]).some((s) => s.name === SERVER_NAME);
}
