// Nx's own overhead with the daemon off (as in CI and containers): `nx show projects` (the project graph alone) and
// `nx run-many -t build` with a warm cache (every task a hit), each beside `node -e 0` timed in the same rounds.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { median } from '../process-stats.js';
import type { Row } from '../table.js';

const root = resolve(import.meta.dirname, '../../../..');
const ROUNDS = 5;

function run(command: string, args: string[]): Promise<{ ms: number; output: string }> {
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((done, fail) =>
    child.on('close', (code) =>
      code === 0
        ? done({ ms: performance.now() - started, output })
        : fail(new Error(`${command} ${args.join(' ')}: ${output}`)),
    ),
  );
}

const spread = (values: number[]) =>
  `median of ${values.length}, ${(Math.min(...values) / 1000).toFixed(2)}-${(Math.max(...values) / 1000).toFixed(2)} s`;

export async function benchBuild(): Promise<Row[]> {
  console.log(`Build: nx with the daemon off (warming the cache, then ${ROUNDS} timed rounds)`);
  const build = ['nx', 'run-many', '-t', 'build', '--output-style=static'];
  await run('npx', build);
  const runs = { node: [] as number[], graph: [] as number[], build: [] as number[] };
  let summary = '';
  for (let i = 0; i < ROUNDS; i++) {
    runs.node.push((await run(process.execPath, ['-e', '0'])).ms);
    runs.graph.push((await run('npx', ['nx', 'show', 'projects'])).ms);
    const { ms, output } = await run('npx', build);
    const hits = output.match(
      /read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/,
    );
    if (!hits || hits[1] !== hits[2])
      throw new Error(`expected every build task from the cache:\n${output.slice(-2000)}`);
    if (output.includes('Unable to locate swc-node')) throw new Error(`Nx warned:\n${output}`);
    summary = `${hits[1]} of ${hits[2]} tasks from the cache`;
    runs.build.push(ms);
  }
  const baseline = { name: 'node -e 0', value: median(runs.node) / 1000 };
  return [
    {
      measure: 'nx show projects, daemon off',
      value: median(runs.graph) / 1000,
      unit: 's',
      baseline,
      note: spread(runs.graph),
    },
    {
      measure: 'nx run-many -t build, warm cache',
      value: median(runs.build) / 1000,
      unit: 's',
      baseline,
      note: `${summary}, ${spread(runs.build)}`,
    },
  ];
}
