import type { FastifyRequest } from 'fastify';

/** Where the MCP endpoint lives, and its RFC 9728 metadata beside it (`/.well-known/oauth-protected-resource` + path). */
export const MCP_PATH = '/mcp';
export const RESOURCE_METADATA_PATH = '/.well-known/oauth-protected-resource';

/** The origin the caller used: behind the frontend or an Ingress, the forwarded host (`TRUST_PROXY`). */
function publicOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * RFC 9728 Protected Resource Metadata for `/mcp`: the resource is its public URL (what the access tokens' audience
 * names, whichever host answered), its tokens come from the app's own authorization server.
 */
export function resourceMetadata(
  request: FastifyRequest,
  { resource, authorizationServer }: { resource: string; authorizationServer: string },
) {
  return {
    resource,
    authorization_servers: [authorizationServer],
    bearer_methods_supported: ['header'],
    resource_name: 'Todo task tools',
    resource_documentation: `${publicOrigin(request)}/docs`,
  };
}

/** The RFC 6750 challenge of a 401, naming the metadata (MCP authorization, RFC 9728 section 5.1). */
export function bearerChallenge(request: FastifyRequest): string {
  return `Bearer resource_metadata="${publicOrigin(request)}${RESOURCE_METADATA_PATH}${MCP_PATH}"`;
}
