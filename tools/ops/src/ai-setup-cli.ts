// nx run deploy:ai-setup [-- --namespace todo --release todo --context <ctx>]: registers the todo-ops MCP server in
// kubectl-ai's mcp.yaml (for --mcp-client) and prints the same server for any other MCP client.
import { parseTarget } from './kube/target.js';
import { opsServerEntry, writeMcpConfig } from './kubectl-ai/mcp-config.js';

const target = parseTarget(process.argv.slice(2));
const path = await writeMcpConfig(target);
const { name, command, args } = opsServerEntry(target);
console.log(`added the ${name} MCP server to ${path}: npx nx run deploy:ai now passes --mcp-client`);
console.log('for other MCP clients (stdio):');
console.log(JSON.stringify({ mcpServers: { [name]: { command, args } } }, null, 2));
