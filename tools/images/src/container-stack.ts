import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort } from '@todo/local-stack/ports';
import { waitForOk } from '@todo/local-stack/processes';
import { startLocalPostgres } from '@todo/local-stack/postgres';
import { testBaseImage } from './base-image.js';
import { buildImage, planImage } from './build.js';
import { docker, frontendCacheArgs, runLockedDown } from './docker.js';

/** The app's two images, run together. */
const STACK = ['backend', 'frontend'] as const;

export interface ContainerStack {
  frontendUrl: string;
  backendUrl: string;
  /** Container names, for stopping and starting one again. */
  containers: Record<(typeof STACK)[number], string>;
  stop(): Promise<void>;
}

/**
 * The app as containers, the way the chart runs it (read-only root, user 10001, a tmpfs /tmp), on the host
 * network and 127.0.0.1; PostgreSQL is the embedded one on the host. Images are built first, on `testBaseImage()`
 * (Docker's cache makes that quick when nothing changed).
 */
export async function startContainerStack(options: {
  dataDir: string;
  authSecret: string;
  /** Extra backend settings, e.g. the chat's model provider. */
  backendEnv?: Record<string, string>;
}): Promise<ContainerStack> {
  const images = {} as Record<(typeof STACK)[number], string>;
  const baseImage = await testBaseImage();
  for (const project of STACK) {
    const plan = planImage(project, baseImage);
    await buildImage(plan, { quiet: true });
    images[project] = plan.tags.at(-1)!;
  }
  const postgres = await startLocalPostgres({
    dataDir: join(options.dataDir, 'postgres'),
    port: await freePort(),
    ephemeral: true,
  });
  await postgres.createDatabase('todo');
  const [frontendPort, backendPort] = [await freePort(), await freePort()];
  const frontendUrl = `http://127.0.0.1:${frontendPort}`;
  const backendUrl = `http://127.0.0.1:${backendPort}`;
  const suffix = randomBytes(3).toString('hex');
  const containers = { backend: `todo-e2e-backend-${suffix}`, frontend: `todo-e2e-frontend-${suffix}` };

  const run = (project: (typeof STACK)[number], env: Record<string, string>) =>
    runLockedDown(images[project], containers[project], env, project === 'frontend' ? frontendCacheArgs : []);
  const stop = async () => {
    await Promise.all(
      Object.values(containers).map((name) => docker(['rm', '-f', name], { quiet: true }).catch(() => undefined)),
    );
    await postgres.stop();
  };
  try {
    await run('backend', {
      HOST: '127.0.0.1',
      PORT: String(backendPort),
      DATABASE_URL: postgres.url('todo'),
      BETTER_AUTH_SECRET: options.authSecret,
      BETTER_AUTH_URL: frontendUrl,
      // Behind the frontend (host network: loopback), as behind the chart's Ingress: its X-Forwarded-For and
      // X-Forwarded-Host are trusted, so links it answers with (MCP metadata) name the frontend.
      TRUST_PROXY: 'loopback',
      MIGRATE_ON_START: 'true',
      AUTH_RATE_LIMIT_MAX: '1000',
      IP_RATE_LIMIT_MAX: '1000000', // every request comes from 127.0.0.1
      USER_RATE_LIMIT_MAX: '1000000',
      SHUTDOWN_DRAIN_MS: '0',
      LOG_LEVEL: 'warn',
      ...options.backendEnv,
    });
    await waitForOk(`${backendUrl}/readyz`);
    await run('frontend', {
      HOSTNAME: '127.0.0.1',
      PORT: String(frontendPort),
      BACKEND_URL: backendUrl,
      SHUTDOWN_DRAIN_MS: '0',
    });
    await waitForOk(`${frontendUrl}/api/health`);
    return { frontendUrl, backendUrl, containers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
