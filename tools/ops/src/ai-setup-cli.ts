// nx run ops:ai-setup [-- --namespace todo --release todo --context <ctx>]: registers the todo-ops MCP server in
// kubectl-ai's mcp.yaml (for --mcp-client) and prints the same server for any other MCP client.
import { parseCli } from '@todo/cli';
import { TARGET_OPTIONS, TARGET_USAGE, targetFrom } from './kube/target.js';

const { values } = parseCli({
  usage: `Usage: ai-setup-cli.ts [--namespace todo] [--release todo] [--context <ctx>]   (npx nx run ops:ai-setup)

Adds the todo-ops MCP server to kubectl-ai's mcp.yaml and prints it for any other MCP client.

${TARGET_USAGE}`,
  options: TARGET_OPTIONS,
});
const target = targetFrom(values);
// The heavy modules (the Kubernetes client, the MCP SDK) load once the arguments are read: --help and a refused
// option answer without them.
const { opsServerEntry, writeMcpConfig } = await import('./kubectl-ai/mcp-config.js');
const path = await writeMcpConfig(target);
const { name, command, args } = opsServerEntry(target);
console.log(`added the ${name} MCP server to ${path}: npx nx run ops:ai now passes --mcp-client`);
console.log('for other MCP clients (stdio):');
console.log(JSON.stringify({ mcpServers: { [name]: { command, args } } }, null, 2));
