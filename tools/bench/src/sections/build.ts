// `nx run-many -t build` with a warm cache: every task a cache hit, beside Nx computing the project graph alone.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { median } from '../process-stats.js';
import type { Row } from '../table.js';

const root = resolve(import.meta.dirname, '../../../..');

function nx(args: string[]): Promise<{ ms: number; output: string }> {
  const started = performance.now();
  const child = spawn('npx', ['nx', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((done, fail) =>
    child.on('close', (code) =>
      code === 0
        ? done({ ms: performance.now() - started, output })
        : fail(new Error(`nx ${args.join(' ')}: ${output}`)),
    ),
  );
}

export async function benchBuild(): Promise<Row[]> {
  console.log('Build: nx run-many -t build (warming the cache, then three timed runs)');
  const build = ['run-many', '-t', 'build', '--output-style=static'];
  await nx(build);
  const runs = { build: [] as number[], graph: [] as number[] };
  let summary = '';
  for (let i = 0; i < 3; i++) {
    const { ms, output } = await nx(build);
    const hits = output.match(
      /read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/,
    );
    if (!hits || hits[1] !== hits[2])
      throw new Error(`expected every build task from the cache:\n${output.slice(-2000)}`);
    summary = `${hits[1]} of ${hits[2]} tasks from the cache`;
    runs.build.push(ms);
    runs.graph.push((await nx(['show', 'projects'])).ms);
  }
  return [
    {
      measure: 'nx run-many -t build, warm cache',
      value: median(runs.build) / 1000,
      unit: 's',
      baseline: { name: 'nx show projects', value: median(runs.graph) / 1000 },
      note: `${summary}, median of 3`,
    },
  ];
}
