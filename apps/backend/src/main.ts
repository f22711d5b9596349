import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createPool, directSettings } from './db/client.js';
import { runMigrations } from './db/migrate.js';

/** Beside this file in the source tree and in the bundle alike: apps/backend/migrations, /app/migrations. */
const MIGRATIONS = new URL('../migrations/', import.meta.url);

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
async function migrate(config: Config): Promise<void> {
  const pool = createPool(directSettings(config.database));
  try {
    await runMigrations(pool, MIGRATIONS);
    console.log('Migrations applied.');
  } finally {
    await pool.end();
  }
}

async function serve(config: Config): Promise<void> {
  // Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; loaded on demand so that it costs nothing otherwise.
  const tracing = config.otlp ? (await import('./tracing.js')).startTracing(config.otlp) : undefined;
  // The migrations wait on PostgreSQL while the app is built: neither needs the other before the server listens.
  const pool = createPool(config.database);
  const [app] = await Promise.all([
    buildApp({ config, pool, migrationsFolder: MIGRATIONS }),
    config.migrateOnStart && migrate(config),
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

const command = process.argv[2] ?? 'serve';
// `compile`: every module of this bundle is loaded by now; exiting lets Node write their compiled code to
// NODE_COMPILE_CACHE, which the image does at build time so that each start skips compiling them.
if (command === 'compile') process.exit(0);
const config = readConfig();
if (command === 'migrate') await migrate(config);
else if (command === 'serve') await serve(config);
else {
  console.error(`Unknown command "${command}": use "serve" (default), "migrate" or "compile".`);
  process.exit(1);
}
