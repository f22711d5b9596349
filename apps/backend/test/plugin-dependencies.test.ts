// The plugins name what they need (fastify-plugin `name` and `dependencies`), so Fastify checks the registration
// order: for every plugin and every dependency it declares, leaving that dependency out fails the start with an error
// naming both; and each plugin starts with no more than what it declares.
import { readdir } from 'node:fs/promises';
import Fastify, { type FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createPool } from '../src/db/client.js';
import auth from '../src/plugins/auth.js';
import cache from '../src/plugins/cache.js';
import canonicalPath from '../src/plugins/canonical-path.js';
import conditionalGet from '../src/plugins/conditional-get.js';
import database from '../src/plugins/database.js';
import databaseInstrumentation from '../src/plugins/database-instrumentation.js';
import errors from '../src/plugins/errors.js';
import cors from '../src/plugins/external/cors.js';
import helmet from '../src/plugins/external/helmet.js';
import openapi from '../src/plugins/external/openapi.js';
import otel from '../src/plugins/external/otel.js';
import rateLimit from '../src/plugins/external/rate-limit.js';
import scalar from '../src/plugins/external/scalar.js';
import jsonBody from '../src/plugins/json-body.js';
import metrics from '../src/plugins/metrics.js';
import taskService from '../src/plugins/task-service.js';
import userRateLimit from '../src/plugins/user-rate-limit.js';
import userScope from '../src/plugins/user-scope.js';
import chatRoutes from '../src/routes/chat.js';
import mcpRoutes from '../src/routes/mcp.js';
import taskRoutes from '../src/routes/tasks.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each plugin takes options of its own
type Plugin = FastifyPluginAsync<any>;
interface Meta {
  name?: string;
  dependencies?: string[];
}
const metaOf = (plugin: Plugin) =>
  ((plugin as unknown as Record<symbol, Meta>)[Symbol.for('plugin-meta')] ?? {}) as Meta;

const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: inject('postgresUrl') });
/** Every file of src/plugins and src/plugins/external, with the options the app gives it. */
const files: Record<string, [Plugin, (() => object)?]> = {
  'auth.ts': [auth, () => ({ config })],
  'cache.ts': [cache, () => ({ config })],
  'canonical-path.ts': [canonicalPath],
  'conditional-get.ts': [conditionalGet],
  // A pool of its own per start (the plugin ends it on close); it connects only when queried.
  'database.ts': [database, () => ({ pool: createPool(config.database) })],
  'database-instrumentation.ts': [databaseInstrumentation],
  'errors.ts': [errors],
  'external/cors.ts': [cors, () => ({ config })],
  'external/helmet.ts': [helmet],
  'external/openapi.ts': [openapi, () => ({ config })],
  'external/otel.ts': [otel],
  'external/rate-limit.ts': [rateLimit, () => ({ config })],
  // Registered by `openapi` on a page of its own, on the first /docs request.
  'external/scalar.ts': [scalar as Plugin, () => ({ routePrefix: '/docs', configuration: { url: '/openapi.json' } })],
  'json-body.ts': [jsonBody],
  'metrics.ts': [metrics],
  'task-service.ts': [taskService],
  'user-rate-limit.ts': [userRateLimit, () => ({ config })],
  'user-scope.ts': [userScope],
};
const plugins = new Map(Object.values(files).map(([plugin, options]) => [metaOf(plugin).name!, { plugin, options }]));
const dependenciesOf = (name: string) => metaOf(plugins.get(name)!.plugin).dependencies ?? [];

/** What `name` needs, transitively, in an order that registers each plugin after its dependencies; then itself. */
function closure(name: string, seen = new Set<string>()): string[] {
  if (seen.has(name)) return [];
  seen.add(name);
  return [...dependenciesOf(name).flatMap((dependency) => closure(dependency, seen)), name];
}

/** Registers `names` in that order on a new Fastify and starts it. */
async function start(names: string[]): Promise<void> {
  const app = Fastify({ logger: false });
  for (const name of names) {
    const { plugin, options } = plugins.get(name)!;
    void app.register(plugin, options?.() ?? {});
  }
  try {
    await app.ready();
  } finally {
    await app.close();
  }
}

const edges = [...plugins.keys()].flatMap((name) => dependenciesOf(name).map((dependency) => ({ name, dependency })));

describe('plugin dependencies', () => {
  it('every plugin file is named, listed here, and depends only on plugins that exist', async () => {
    const folder = new URL('../src/plugins/', import.meta.url);
    const found = (await readdir(folder, { recursive: true })).filter((file) => file.endsWith('.ts')).sort();
    expect(found).toEqual(Object.keys(files).sort());
    expect(plugins.size).toBe(found.length); // one name each, none repeated
    for (const { dependency } of edges) expect(plugins.has(dependency), dependency).toBe(true);
    expect(edges.length).toBeGreaterThan(8);
  });

  it.each([...plugins.keys()])('%s starts with only the plugins it declares', async (name) => {
    await expect(start(closure(name))).resolves.toBeUndefined();
  });

  it.each(edges)('$name refuses to start without $dependency, naming both', async ({ name, dependency }) => {
    // Whatever else it needs, registered in order, except the dependency and the plugins that need it.
    const others = closure(name).filter((other) => other !== name && !closure(other).includes(dependency));
    await expect(start([...others, name])).rejects.toMatchObject({
      code: 'FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED',
      message: `The dependency '${dependency}' of plugin '${name}' is not registered`,
    });
  });

  it.each(
    [taskRoutes, chatRoutes, mcpRoutes].map((plugin) => [metaOf(plugin as Plugin).name, plugin as Plugin] as const),
  )('the %s need the task service: without it the app does not start', async (_name, routes) => {
    const app = Fastify({ logger: false });
    void app.register(routes, {});
    await expect(app.ready()).rejects.toMatchObject({
      code: 'FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED',
      message: expect.stringContaining("The dependency 'task-service'"),
    });
    await app.close();
  });
});
