// The deploy project's chart targets, over every environment in deploy/environments:
//   chart.ts lint       helm lint --strict with the defaults and with each environment's values
//   chart.ts template   helm template of each environment to dist/deploy/<env>/manifests.yaml
//   chart.ts package    helm package to dist/deploy/todo-<version>.tgz
//   chart.ts check      helm-ts-lint on each environment's rendered manifests
import { execFile, spawnSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { kubeTool } from './binaries.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const chart = join(root, 'deploy/charts/todo');
const dist = join(root, 'dist/deploy');
const RELEASE = 'todo';
const NAMESPACE = 'todo';

export async function environments(): Promise<{ name: string; values: string }[]> {
  const dir = join(root, 'deploy/environments');
  return (await readdir(dir))
    .filter((file) => file.endsWith('.yaml') && !file.startsWith('monitoring-')) // monitoring-*: other charts' values
    .sort()
    .map((file) => ({ name: basename(file, '.yaml'), values: join(dir, file) }));
}

async function helm(args: string[]): Promise<string> {
  try {
    const { stdout } = await run(await kubeTool('helm'), args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`helm ${args[0]} failed:\n${stdout ?? ''}${stderr ?? ''}`.trim());
  }
}

const commands: Record<string, () => Promise<void>> = {
  async lint() {
    await helm(['lint', '--strict', chart]);
    console.log('defaults: lint passed');
    for (const env of await environments()) {
      await helm(['lint', '--strict', chart, '-f', env.values]);
      console.log(`${env.name}: lint passed`);
    }
  },
  async template() {
    for (const env of await environments()) {
      const manifests = await helm(['template', RELEASE, chart, '--namespace', NAMESPACE, '-f', env.values]);
      const out = join(dist, env.name, 'manifests.yaml');
      await mkdir(join(dist, env.name), { recursive: true });
      await writeFile(out, manifests);
      console.log(`${env.name}: ${(manifests.match(/^kind: /gm) ?? []).length} objects -> ${out}`);
    }
  },
  async check() {
    const cli = join(root, 'tools/helm-ts-lint/src/cli.ts');
    const envArgs = (await environments()).flatMap((env) => ['--env', `${env.name}=${env.values}`]);
    const args = [
      '--conditions=@todo/source',
      '--import',
      'tsx',
      cli,
      '--helm',
      await kubeTool('helm'),
      '--chart',
      chart,
    ];
    const result = spawnSync(process.execPath, [...args, '--release', RELEASE, '--namespace', NAMESPACE, ...envArgs], {
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('chart-check found problems (above)');
  },
  async package() {
    await mkdir(dist, { recursive: true });
    console.log((await helm(['package', chart, '--destination', dist])).trim());
  },
};

const command = commands[process.argv[2]];
if (!command) {
  console.error(`Usage: chart.ts <${Object.keys(commands).join('|')}>`);
  process.exit(2);
}
await command().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
