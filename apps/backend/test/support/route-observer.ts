import type { FastifyInstance, RouteOptions } from 'fastify';

export interface ObservedRoute {
  method: string;
  url: string;
  /** Left out of the OpenAPI document (`schema.hide`). */
  hidden: boolean;
}

/**
 * What a test's `vi.mock('fastify')` returns to see every route as it is registered: the real Fastify, with one
 * onRoute hook added at creation that appends each route (once per method) to `routes`. Imported inside the mock's
 * factory; it imports nothing of Fastify at run time.
 */
export function observingFastify(actual: typeof import('fastify'), routes: ObservedRoute[]) {
  const factory = actual.default as unknown as (...args: unknown[]) => FastifyInstance;
  const create = (...args: unknown[]) => {
    const app = factory(...args);
    app.addHook('onRoute', (route: RouteOptions) => {
      const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, hidden });
    });
    return app;
  };
  return { ...actual, default: create };
}
