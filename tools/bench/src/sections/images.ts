// The images: each one's size beside its base, and the time from `docker run` to healthy (probed every 250 ms).
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBaseImage } from '@todo/images/base-image';
import { buildImage, COMPONENTS, planImage, type Component } from '@todo/images/build';
import { docker, dockerOutput, runLockedDown } from '@todo/images/docker';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres, type LocalPostgres } from '@todo/local-stack/postgres';
import { median } from '../process-stats.js';
import type { Row } from '../table.js';

const sizeMB = async (image: string) =>
  Number(await dockerOutput(['image', 'inspect', '--format', '{{.Size}}', image])) / 1e6;

export async function benchImages(): Promise<Row[]> {
  const base = await testBaseImage();
  const baseSize = await sizeMB(base);
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-bench-img-'));
  await chmod(dataDir, 0o755);
  console.log(`Images: built on ${base}, run against an embedded PostgreSQL`);
  const postgres = await startLocalPostgres({
    dataDir: join(dataDir, 'data'),
    port: await freePort(),
    ephemeral: true,
  });
  await postgres.createDatabase('todo');
  try {
    const rows: Row[] = [];
    for (const project of COMPONENTS) {
      const plan = planImage(project, base);
      await buildImage(plan, { quiet: true });
      const image = plan.tags.at(-1)!;
      const total = await sizeMB(image);
      const starts = [];
      for (let i = 0; i < 3; i++) starts.push(await timeToHealthy(project, image, postgres));
      rows.push(
        {
          measure: `${project} image: size`,
          value: total,
          unit: 'MB',
          baseline: { name: 'base image', value: baseSize },
          note: `${(total - baseSize).toFixed(1)} MB of its own layers`,
        },
        { measure: `${project} image: run to healthy`, value: median(starts), unit: 'ms', note: 'median of 3' },
      );
    }
    return rows;
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function timeToHealthy(project: Component, image: string, postgres: LocalPostgres): Promise<number> {
  const port = String(await freePort());
  const env: Record<string, string> =
    project === 'backend'
      ? {
          HOST: '127.0.0.1',
          PORT: port,
          DATABASE_URL: postgres.url('todo'),
          BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
          MIGRATE_ON_START: 'true',
        }
      : { HOSTNAME: '127.0.0.1', PORT: port, BACKEND_URL: 'http://127.0.0.1:9' };
  const name = `todo-bench-${project}-${randomBytes(3).toString('hex')}`;
  const started = performance.now();
  await runLockedDown(image, name, env, ['--health-interval', '250ms', '--health-start-period', '0s']);
  try {
    while ((await dockerOutput(['inspect', '--format', '{{.State.Health.Status}}', name])) !== 'healthy') {
      if (performance.now() - started > 60_000) throw new Error(`${image} did not turn healthy`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return performance.now() - started;
  } finally {
    await docker(['rm', '-f', name], { quiet: true });
  }
}
