// The server's commands, `serve` and `migrate`, and the warm-up before its compiled code is cached: the bundle
// dist/server.cjs, which dist/main.cjs (src/main.ts) loads with its code cache and runs.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createPool, directSettings } from './db/client.js';
import { runMigrations } from './db/migrate.js';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.message}`);
    process.exit(1);
  }
}

/** Over a connection to PostgreSQL itself: the migrations' advisory lock is held by the session. */
async function migrate(config: Config, migrations: URL): Promise<void> {
  const pool = createPool(directSettings(config.database));
  try {
    await runMigrations(pool, migrations);
    console.log('Migrations applied.');
  } finally {
    await pool.end();
  }
}

async function serve(config: Config, migrations: URL): Promise<void> {
  // Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; loaded on demand so that it costs nothing otherwise.
  const tracing = config.otlp ? (await import('./tracing.js')).startTracing(config.otlp) : undefined;
  // The migrations wait on PostgreSQL while the app is built: neither needs the other before the server listens.
  const pool = createPool(config.database);
  const [app] = await Promise.all([
    buildApp({ config, pool, migrationsFolder: migrations }),
    config.migrateOnStart && migrate(config, migrations),
  ]);

  // SIGTERM: fail readiness at once, keep serving through the drain delay, then let in-flight requests
  // finish, close the server and the pool, and exit 0.
  closeWithGrace({ delay: config.shutdownDrainMs + 10_000, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'fatal error, shutting down');
    app.draining = true;
    app.log.info({ signal, drainMs: config.shutdownDrainMs }, 'draining before shutdown');
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
    await app.close();
    await tracing?.shutdown(); // sends the last spans
    app.log.info('shut down cleanly');
  });

  await app.listen({ host: config.host, port: config.port });
}

/** Runs `serve` or `migrate` with the SQL migrations in `migrations` (apps/backend/migrations, /app/migrations). */
export async function run(command: string, migrations: URL): Promise<void> {
  if (command !== 'serve' && command !== 'migrate') {
    console.error(`Unknown command "${command}": use "serve" (default), "migrate" or "compile".`);
    process.exit(1);
  }
  const config = readConfig();
  await (command === 'migrate' ? migrate(config, migrations) : serve(config, migrations));
}

/**
 * Builds the app as `serve` does and closes it, on a configuration that needs no database (nothing connects before
 * the first request) and no port: main.ts runs this before it caches the compiled code (`compile`), so that the
 * cache holds what a start runs, not only the bundle's top-level code.
 */
export async function warmUp(migrations: URL): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'postgres://warm-up@127.0.0.1:1/none',
    BETTER_AUTH_SECRET: 'not a secret: no request is ever served with it',
  });
  const app = await buildApp({ config, pool: createPool(config.database), migrationsFolder: migrations });
  await app.ready();
  await app.close(); // ends the pool too
}
