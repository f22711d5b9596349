import { createHash } from 'node:crypto';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

/** Routes that need a caller: a Bearer token (JWT or session token) or the session cookie. */
const AUTHENTICATED = /^\/(api\/:user_id\/|mcp$)/;

/**
 * The OpenAPI 3.1 document, generated from the route schemas that validate requests (TypeBox in
 * `@todo/contracts`), at /openapi.json; with `API_DOCS`, an interactive reference (Scalar) at /docs. Register it
 * before the routes: it collects them as they are added.
 */
async function openapi(app: FastifyInstance, { config }: { config: Config }) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Todo API',
        version: '1.0.0',
        description: 'Tasks per user, the assistant, the audit trail, and the MCP endpoint for external clients.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'A JWT from GET /api/auth/token, or a session token' },
          session: { type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const security: Record<string, string[]>[] = AUTHENTICATED.test(url) ? [{ bearer: [] }, { session: [] }] : [];
      return { schema: { ...schema, security, operationId: operationId(route.method, url) }, url };
    },
  });
  app.get(OPENAPI_PATH, { schema: { hide: true } }, async () => app.swagger());

  if (!config.apiDocs) return;
  await app.register(async (docs) => {
    // The page's one inline script is allowed by its hash: no 'unsafe-inline', no fixed nonce.
    docs.addHook('onSend', async (_request, reply, payload) => {
      if (typeof payload !== 'string' || !String(reply.getHeader('content-type')).startsWith('text/html')) return;
      const hashes = [...payload.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
        ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
      );
      reply.header('content-security-policy', docsPolicy(hashes));
    });
    // Scalar's routes answer from an instance of their own, made on the first request.
    let reference: Promise<FastifyInstance> | undefined;
    const forward = async (request: FastifyRequest, reply: FastifyReply) => {
      const response = await (reference ??= scalarReference()).then((page) => page.inject({ url: request.url }));
      for (const name of ['content-type', 'location']) {
        const value = response.headers[name];
        if (value !== undefined) reply.header(name, value);
      }
      return reply.code(response.statusCode).send(response.body);
    };
    docs.get(DOCS_PATH, { schema: { hide: true } }, forward);
    docs.get(`${DOCS_PATH}/*`, { schema: { hide: true } }, forward);
  });
}
export default fp(openapi, { name: 'openapi' });

/** Scalar's API reference, loaded when first asked for: its page carries about 5 MB of JavaScript. */
async function scalarReference(): Promise<FastifyInstance> {
  const { default: reference } = await import('./scalar.js');
  const page = Fastify({ logger: false });
  await page.register(reference, {
    routePrefix: DOCS_PATH,
    configuration: {
      url: OPENAPI_PATH,
      // Absolute: the page is served at /docs/ here and at /docs through the frontend.
      cdn: `${DOCS_PATH}/js/scalar.js`,
      pageTitle: 'Todo API reference',
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
    },
  });
  await page.ready();
  return page;
}

function docsPolicy(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** `GET /api/:user_id/tasks/:id` -> `getApiUserIdTasksId`: stable, unique per route. */
function operationId(method: string | string[], url: string): string {
  const words = url.split(/[/:._-]+/).filter(Boolean);
  const verb = (Array.isArray(method) ? method[0] : method).toLowerCase();
  return verb + words.map((word) => word[0].toUpperCase() + word.slice(1)).join('');
}
