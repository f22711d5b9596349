// `npm run bench`: every benchmark, one table, each figure beside a baseline measured in the same run where one
// applies. A full run rewrites tools/bench/RESULTS.md; `-- --only=api,frontend` runs a subset and writes nothing;
// `--frontend-baseline=<checkout>` adds /tasks renders of another checkout's frontend build (e.g. before a change).
// Load (wrk, its own process): BENCH_SECONDS per run (10) after BENCH_WARMUP seconds (3), BENCH_ROUNDS per API
// scenario and server (3, the median counts), BENCH_CONNECTIONS (32); BENCH_RUNS page loads (15).
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCli, refuse } from '@todo/cli';
import { dockerUnavailable } from '@todo/images/docker';
import { wrkUnavailable } from './load.js';
import { describeMachine } from './machine.js';
import { markdownTable, textTable, type Row, type Skipped } from './table.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const runs = Number(process.env.BENCH_RUNS ?? 15);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const warmup = Number(process.env.BENCH_WARMUP ?? 3);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Each section's code loads when it runs: --help and a refused option answer without Playwright and the rest.
const sections: Record<string, { run(): Promise<Row[]>; unavailable?(): Promise<string | undefined> }> = {
  build: { run: async () => (await import('./sections/build.js')).benchBuild() },
  api: {
    run: async () => (await import('./sections/api.js')).benchApi({ seconds, connections, rounds, warmup }),
    unavailable: wrkUnavailable,
  },
  scale: {
    run: async () => (await import('./sections/scale.js')).benchScale({ seconds: Math.min(seconds, 5) }),
    unavailable: wrkUnavailable,
  },
  frontend: {
    run: async () =>
      (await import('./sections/frontend.js')).benchFrontend({
        runs,
        seconds,
        rounds,
        baselineCheckout: values['frontend-baseline'],
      }),
    unavailable: async () =>
      existsSync(chromium) ? wrkUnavailable() : `no Chromium at ${chromium} (set CHROMIUM_PATH)`,
  },
  images: { run: async () => (await import('./sections/images.js')).benchImages(), unavailable: dockerUnavailable },
};

const { values } = parseCli({
  usage: `Usage: suite.ts [--only=${Object.keys(sections).join(',')}] [--frontend-baseline=<checkout>]
       (npm run bench -- --only=api)

Runs the benchmarks and prints one table, each figure beside a baseline measured in the same run; a full run rewrites
tools/bench/RESULTS.md, --only runs some sections and writes nothing. --frontend-baseline: another checkout of this
repository with its frontend built (nx build frontend); its /tasks server renders are measured beside this one's,
rounds alternating, on the same backend. BENCH_SECONDS (10), BENCH_WARMUP (3),
BENCH_ROUNDS (3), BENCH_CONNECTIONS (32) and BENCH_RUNS (15) tune the load.`,
  options: { only: { type: 'string' }, 'frontend-baseline': { type: 'string' } },
});
const chosen = values.only?.split(',') ?? Object.keys(sections);
const unknown = chosen.filter((name) => !(name in sections));
if (unknown.length) refuse(`unknown section ${unknown.join(', ')}: choose from ${Object.keys(sections).join(', ')}`);
for (const [name, value] of Object.entries({
  BENCH_SECONDS: seconds,
  BENCH_CONNECTIONS: connections,
  BENCH_RUNS: runs,
  BENCH_ROUNDS: rounds,
}))
  if (!Number.isInteger(value) || value < 1) refuse(`${name} must be a positive whole number`);
if (!Number.isInteger(warmup) || warmup < 0) refuse('BENCH_WARMUP must be a whole number');
const baselineServer =
  values['frontend-baseline'] && (await import('./sections/frontend.js')).frontendServerOf(values['frontend-baseline']);
if (baselineServer && !existsSync(baselineServer))
  refuse(`no frontend build at ${baselineServer}: run nx build frontend in that checkout first`);

const rows: Row[] = [];
const skipped: Skipped[] = [];
for (const name of chosen) {
  const section = sections[name];
  const reason = await section.unavailable?.();
  if (reason) skipped.push({ section: name, reason });
  else rows.push(...(await section.run()));
}

const machine = describeMachine();
console.log(`\n${textTable(rows, skipped)}\n\n${machine}`);
if (!values.only) {
  const file = join(import.meta.dirname, '../RESULTS.md');
  await writeFile(
    file,
    `# Benchmark results\n\nThe last full \`npm run bench\`, on ${machine}, ${new Date().toISOString().slice(0, 10)}. ` +
      `Load: wrk, ${connections} connections, ${seconds} s per run after ${warmup} s of warm-up, median of ${rounds} rounds; ${runs} page loads. ` +
      'Ratios compare with a baseline measured in the same run, so they travel between machines better than the ' +
      'absolute figures.\n\n' +
      `${markdownTable(rows, skipped)}\n`,
  );
  console.log(`Written to ${file}`);
}
