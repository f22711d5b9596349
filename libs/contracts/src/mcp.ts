import { Type, type Static } from 'typebox';

/** A JSON-RPC 2.0 message to `POST /mcp` (MCP streamable HTTP): a request, a notification, or a response. */
export const JsonRpcMessage = Type.Object(
  {
    jsonrpc: Type.Literal('2.0'),
    id: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
    method: Type.Optional(Type.String()),
    params: Type.Optional(Type.Unknown()),
  },
  { description: 'A JSON-RPC 2.0 message; the MCP methods are listed by tools/list' },
);

/** A refusal of `/mcp`, as JSON-RPC: -32700 parse error, -32600 invalid request, -32000 auth, limits or method. */
export const JsonRpcErrorBody = Type.Object({
  jsonrpc: Type.Literal('2.0'),
  error: Type.Object({ code: Type.Integer(), message: Type.String() }),
  id: Type.Null(),
});
export type JsonRpcErrorBody = Static<typeof JsonRpcErrorBody>;

/** OAuth 2.0 Protected Resource Metadata (RFC 9728) of `/mcp`. */
export const ProtectedResourceMetadata = Type.Object({
  resource: Type.String({ format: 'uri' }),
  authorization_servers: Type.Array(Type.String({ format: 'uri' })),
  bearer_methods_supported: Type.Array(Type.String()),
  resource_name: Type.String(),
  resource_documentation: Type.String({ format: 'uri' }),
});
export type ProtectedResourceMetadata = Static<typeof ProtectedResourceMetadata>;
