// Image benchmark: size of each image and of its own layers beside the base image, and the time from
// `docker run` to healthy (health probed every 250 ms). Goal: app layers <= 15 MB (backend), 60 MB (frontend).
// Run: npx nx run bench:images   (BASE_IMAGE: the base the images are built on; default: built locally)
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBaseImage } from '@todo/images/base-image';
import { buildImage, planImage, type ImageProject } from '@todo/images/build';
import { docker, dockerOutput, runLockedDown } from '@todo/images/docker';
import { freePort } from '@todo/local-stack/ports';
import { startLocalPostgres } from '@todo/local-stack/postgres';

const base = await testBaseImage();
const goals: Record<ImageProject, number> = { backend: 15, frontend: 60 };
const size = async (image: string) =>
  Number(await dockerOutput(['image', 'inspect', '--format', '{{.Size}}', image])) / 1e6;

const dataDir = await mkdtemp(join(tmpdir(), 'todo-bench-img-'));
await chmod(dataDir, 0o755);
const postgres = await startLocalPostgres({ dataDir: join(dataDir, 'data'), port: await freePort(), ephemeral: true });
await postgres.createDatabase('todo');

async function timeToHealthy(project: ImageProject, image: string): Promise<number> {
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

try {
  const baseSize = await size(base);
  console.log(`Base ${base}: ${baseSize.toFixed(1)} MB\n`);
  console.log(
    `${'image'.padEnd(24)} ${'total MB'.padStart(9)} ${'app MB'.padStart(7)} ${'goal MB'.padStart(8)} ${'start to healthy'.padStart(17)}`,
  );
  for (const project of ['backend', 'frontend'] as const) {
    const plan = planImage(project, base);
    await buildImage(plan, { quiet: true });
    const image = plan.tags.at(-1)!;
    const total = await size(image);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await timeToHealthy(project, image));
    const median = runs.sort((a, b) => a - b)[1];
    const app = total - baseSize;
    console.log(
      `${image.padEnd(24)} ${total.toFixed(1).padStart(9)} ${app.toFixed(1).padStart(7)} ${String(goals[project]).padStart(8)} ${`${median.toFixed(0)} ms`.padStart(17)}${app > goals[project] ? '  OVER GOAL' : ''}`,
    );
  }
} finally {
  await postgres.stop();
  await rm(dataDir, { recursive: true, force: true });
}
