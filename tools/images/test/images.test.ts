import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { waitForOk } from '@todo/local-stack/processes';
import { buildImage, planImage, type Component } from '../src/build.js';
import { docker, dockerOutput, dockerUnavailable, frontendCacheArgs, runLockedDown } from '../src/docker.js';
import { imageLayers } from '../src/layers.js';
import { testBaseImage } from '../src/base-image.js';

const unavailable = await dockerUnavailable();
if (unavailable && process.env.CI === 'true') throw new Error(`Docker is required in CI: ${unavailable}`);
const SECRET = randomBytes(32).toString('hex');
const root = resolve(import.meta.dirname, '../../..');

describe.skipIf(unavailable)(`container images${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const images: Record<Component, string> = { backend: '', frontend: '' };
  let postgres: LocalPostgres;
  let dataDir: string;

  beforeAll(async () => {
    const base = await testBaseImage();
    for (const project of ['backend', 'frontend'] as const) {
      const plan = planImage(project, base);
      await buildImage(plan, { quiet: true });
      images[project] = plan.tags.at(-1)!;
    }
    dataDir = await mkdtemp(join(tmpdir(), 'todo-images-pg-'));
    await chmod(dataDir, 0o755);
    postgres = await startLocalPostgres({ dataDir: join(dataDir, 'data'), port: await freePort(), ephemeral: true });
    await postgres.createDatabase('todo');
  }, 300_000);

  afterAll(async () => {
    await postgres?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(project: Component, env: Record<string, string>) {
    const name = `todo-test-${project}-${randomBytes(4).toString('hex')}`;
    await runLockedDown(images[project], name, env, project === 'frontend' ? frontendCacheArgs : []);
    return name;
  }
  const remove = (name: string) => docker(['rm', '-f', name], { quiet: true }).catch(() => undefined);

  async function backendContainer(env: Record<string, string> = {}) {
    const port = await freePort();
    const name = await start('backend', {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: postgres.url('todo'),
      BETTER_AUTH_SECRET: SECRET,
      MIGRATE_ON_START: 'true',
      SHUTDOWN_DRAIN_MS: '1000',
      ...env,
    });
    return { name, url: `http://127.0.0.1:${port}` };
  }

  async function frontendContainer(backendUrl = 'http://127.0.0.1:9', port?: number) {
    port ??= await freePort();
    const name = await start('frontend', {
      HOSTNAME: '127.0.0.1',
      PORT: String(port),
      BACKEND_URL: backendUrl,
      SHUTDOWN_DRAIN_MS: '1000',
    });
    return { name, url: `http://127.0.0.1:${port}` };
  }

  async function health(name: string): Promise<string> {
    return dockerOutput(['inspect', '--format', '{{.State.Health.Status}}', name]);
  }

  /** SIGTERM as `docker stop` sends it; returns the exit code and how long the stop took. */
  async function stop(name: string) {
    const started = Date.now();
    await docker(['stop', '-t', '20', name], { quiet: true });
    const code = Number(await dockerOutput(['inspect', '--format', '{{.State.ExitCode}}', name]));
    return { code, ms: Date.now() - started };
  }

  it.each(['backend', 'frontend'] as const)(
    '%s: runs read-only as 10001, turns healthy, exits 0 on SIGTERM after the drain',
    async (project) => {
      const container = project === 'backend' ? await backendContainer() : await frontendContainer();
      try {
        await waitForOk(`${container.url}${project === 'backend' ? '/readyz' : '/api/ready'}`, undefined, 60_000);
        await expect.poll(() => health(container.name), { timeout: 40_000, interval: 1000 }).toBe('healthy');
        const { code, ms } = await stop(container.name);
        expect(code).toBe(0);
        expect(ms).toBeGreaterThanOrEqual(1000);
        expect(ms).toBeLessThan(10_000);
      } finally {
        await remove(container.name);
      }
    },
    120_000,
  );

  it('frontend: optimises images into its writable cache (200, a hit the second time, no error) and has a favicon', async () => {
    const container = await frontendContainer();
    try {
      await waitForOk(`${container.url}/api/health`, undefined, 60_000);
      const image = `${container.url}/_next/image?url=%2Fapple-touch-icon.png&w=64&q=75`;
      const answers = [];
      for (let i = 0; i < 2; i++) {
        const response = await fetch(image, { headers: { accept: 'image/webp,*/*' } });
        answers.push([response.status, response.headers.get('x-nextjs-cache')]);
        expect(response.headers.get('content-type')).toMatch(/^image\/(webp|png)$/);
        await response.arrayBuffer();
      }
      // Without a writable .next/cache, every answer is a MISS and the log has an EACCES stack trace.
      expect(answers).toEqual([
        [200, 'MISS'],
        [200, 'HIT'],
      ]);
      const favicon = await fetch(`${container.url}/favicon.ico`);
      expect([favicon.status, favicon.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
      const { stdout, stderr } = await promisify(execFile)('docker', ['logs', container.name]);
      expect(stdout + stderr).not.toMatch(/EACCES|Error|error/);
    } finally {
      await remove(container.name);
    }
  }, 120_000);

  it('the containers work together: sign-up through the frontend reaches the backend', async () => {
    const frontendPort = await freePort();
    const backend = await backendContainer({ BETTER_AUTH_URL: `http://127.0.0.1:${frontendPort}` });
    try {
      await waitForOk(`${backend.url}/readyz`, undefined, 60_000);
      const frontend = await frontendContainer(backend.url, frontendPort);
      try {
        await waitForOk(`${frontend.url}/api/health`, undefined, 60_000);
        const response = await fetch(`${frontend.url}/api/auth/sign-up/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: frontend.url },
          body: JSON.stringify({ email: 'container@example.test', password: 'a long password', name: 'C' }),
        });
        expect(response.status).toBe(200);
        expect(((await response.json()) as { user: { email: string } }).user.email).toBe('container@example.test');
        expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      } finally {
        await remove(frontend.name);
      }
    } finally {
      await remove(backend.name);
    }
  }, 120_000);

  it('backend: holds every bundle of the build (main.cjs, server.cjs and those it imports when first used)', async () => {
    const built = (await readdir(join(root, 'apps/backend/dist'), { recursive: true })).filter((path) =>
      path.endsWith('.cjs'),
    );
    const { files, cleanup } = await imageLayers(images.backend);
    try {
      const shipped = files.map((f) => f.path).filter((path) => path.startsWith('/app/dist/'));
      const expected = [...built, 'server.cjs.cache'].map((path) => `/app/dist/${path}`);
      expect(shipped.sort()).toEqual(expected.sort());
    } finally {
      await cleanup();
    }
  }, 120_000);

  it('backend: ships the compiled code of its server bundle, which a start uses read-only as the app user', async () => {
    // No configuration: the start stops at its first check, after the bundle is loaded.
    const started = await promisify(execFile)('docker', [
      ...['run', '--rm', '--network', 'none', '--read-only', '-e', 'NODE_DEBUG=code-cache', images.backend],
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(started.stderr).toContain('cache accepted by V8');
    expect(started.stderr).toContain('Configuration error: DATABASE_URL is required');
  }, 60_000);

  it("frontend: ships Node's compile cache of what a start loads, which its Node accepts read-only", async () => {
    const { stderr } = await promisify(execFile)('docker', [
      ...['run', '--rm', '--network', 'none', '--read-only', '-e', 'NODE_DEBUG_NATIVE=COMPILE_CACHE'],
      ...[images.frontend, 'compile'],
    ]);
    for (const module of [
      'ESM file:///app/apps/frontend/server.js',
      'CommonJS /app/node_modules/next/dist/server/lib/start-server.js',
    ])
      expect(stderr).toContain(`V8 code cache for ${module} was accepted`);
  }, 60_000);

  it.each(['backend', 'frontend'] as const)('%s: labels, user and entrypoint', async (project) => {
    const config = JSON.parse(await dockerOutput(['inspect', '--format', '{{json .Config}}', images[project]]));
    expect(config.User).toBe('10001:10001');
    expect(config.Healthcheck?.Test?.[0]).toBe('CMD');
    expect(config.Entrypoint[0]).toBe('node');
    for (const label of ['source', 'revision', 'version', 'created']) {
      expect(config.Labels[`org.opencontainers.image.${label}`], label).toBeTruthy();
    }
    expect(config.Labels['org.opencontainers.image.revision']).not.toBe('unknown');
  });

  it.each(['backend', 'frontend'] as const)(
    '%s: no shell, no package manager, no source, maps, tests, .env or secrets',
    async (project) => {
      await expect(
        docker(['run', '--rm', '--network', 'none', '--entrypoint', '/bin/sh', images[project], '-c', 'true'], {
          quiet: true,
        }),
      ).rejects.toThrow();
      const { files, cleanup } = await imageLayers(images[project]);
      try {
        const paths = files.map((f) => f.path);
        expect(paths).toContain('/nodejs/bin/node');
        const forbidden = paths.filter(
          (path) =>
            /^\/(usr\/)?s?bin\/(sh|bash|dash|ash|busybox|apt|apt-get|dpkg|npm|npx|yarn|pnpm)$/.test(path) ||
            /\/node_modules\/(npm|corepack)\//.test(path) ||
            /(^|\/)\.env(\.|$)/.test(path) ||
            /\.map$/.test(path) ||
            /\.(test|spec)\.[cm]?[jt]sx?$/.test(path) ||
            /^\/app\/apps\/[^/]+\/(src|test)\//.test(path),
        );
        expect(forbidden).toEqual([]);
        for (const file of files.filter((f) => f.path.startsWith('/app/'))) {
          const bytes = await file.read();
          if (!bytes) continue;
          const text = bytes.toString('latin1');
          expect(text.includes(SECRET), `${file.path} holds the test secret`).toBe(false);
          expect(/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text), `${file.path} holds a private key`).toBe(false);
        }
      } finally {
        await cleanup();
      }
    },
    120_000,
  );
});
