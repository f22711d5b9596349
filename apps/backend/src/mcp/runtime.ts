// The MCP SDK and the task tools: a bundle of its own beside server.cjs (esbuild.config.mjs), imported by `/mcp` and
// the chat on their first use, so that the SDK's schemas are not built at every start.
export { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
export { connectTools } from './client.js';
export { createMcpServer } from './server.js';
