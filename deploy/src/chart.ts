// The deploy project's chart targets, over every environment in deploy/environments:
//   chart.ts lint         helm lint --strict with the defaults and with each environment's values
//   chart.ts template     helm template of each environment to dist/deploy/<env>/manifests.yaml
//   chart.ts package      helm package to dist/deploy/todo-<version>.tgz
//   chart.ts check        helm-ts-lint on each environment's rendered manifests
//   chart.ts values-docs  the values table of the chart's README, from the values.yaml annotations
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { lintChart } from '@todo/helm-ts-lint';
import { kubeTool } from '@todo/kube-tools';
import { chartDir, distDir, environmentsDir } from './paths.js';
import { renderedReadme } from './values-docs.js';

const run = promisify(execFile);
const RELEASE = 'todo';
const NAMESPACE = 'todo';

async function environments(): Promise<{ name: string; values: string }[]> {
  return (await readdir(environmentsDir))
    .filter((file) => file.endsWith('.yaml') && !file.startsWith('monitoring-')) // monitoring-*: other charts' values
    .sort()
    .map((file) => ({ name: basename(file, '.yaml'), values: join(environmentsDir, file) }));
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
    await helm(['lint', '--strict', chartDir]);
    console.log('defaults: lint passed');
    for (const env of await environments()) {
      await helm(['lint', '--strict', chartDir, '-f', env.values]);
      console.log(`${env.name}: lint passed`);
    }
  },
  async template() {
    for (const env of await environments()) {
      const manifests = await helm(['template', RELEASE, chartDir, '--namespace', NAMESPACE, '-f', env.values]);
      const out = join(distDir, env.name, 'manifests.yaml');
      await mkdir(join(distDir, env.name), { recursive: true });
      await writeFile(out, manifests);
      console.log(`${env.name}: ${(manifests.match(/^kind: /gm) ?? []).length} objects -> ${out}`);
    }
  },
  async check() {
    const passed = await lintChart({
      helm: await kubeTool('helm'),
      chart: chartDir,
      release: RELEASE,
      namespace: NAMESPACE,
      environments: (await environments()).map((env) => ({ name: env.name, valuesFiles: [env.values] })),
      existingSecrets: [],
    });
    if (!passed) throw new Error('chart-check found problems (above)');
  },
  async package() {
    await mkdir(distDir, { recursive: true });
    console.log((await helm(['package', chartDir, '--destination', distDir])).trim());
  },
  async 'values-docs'() {
    const { expected } = await renderedReadme();
    await writeFile(join(chartDir, 'README.md'), expected);
    console.log('deploy/charts/todo/README.md: values table written');
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
