// Every CLI of the workspace, run for real: --help prints the usage (exit 0); an unknown option or a bad argument is
// one line on stderr with exit 2 and no stack trace, before anything is downloaded or touched (no kubectl, helm or
// minikube on PATH, an empty pinned-tools folder: a CLI that tried to use or fetch one would say so).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = mkdtempSync(join(tmpdir(), 'cli-path-'));
symlinkSync(process.execPath, join(bin, 'node'));
const pinned = mkdtempSync(join(tmpdir(), 'no-pinned-'));

const CLIS = {
  'cluster-cli': 'tools/nx-deploy/src/cluster-cli.ts',
  'smoke-run': 'tools/nx-deploy/src/smoke-run.ts',
  'mesh-up': 'tools/nx-deploy/src/mesh-up.ts',
  'monitoring-up': 'tools/nx-deploy/src/monitoring-up.ts',
  backup: 'tools/ops/src/backup-cli.ts',
  bench: 'tools/bench/src/suite.ts',
  doctor: 'tools/ops/src/doctor-cli.ts',
  recommend: 'tools/ops/src/recommend-cli.ts',
  ai: 'tools/ops/src/ai-cli.ts',
  'ai-setup': 'tools/ops/src/ai-setup-cli.ts',
  mcp: 'tools/ops/src/mcp-cli.ts',
} as const;

function run(cli: keyof typeof CLIS, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@todo/source', '--import', 'tsx', join(root, CLIS[cli]), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
      env: { HOME: process.env.HOME, PATH: bin, KUBE_TOOLS_BIN: pinned, KUBECONFIG: join(pinned, 'none') },
    },
  );
  return { ...result, lines: result.stderr.split('\n').filter(Boolean) };
}

/** Refused before anything ran: exit 2, one line, no stack, nothing fetched. */
function expectRefused(result: ReturnType<typeof run>, message: RegExp) {
  expect(result.status, result.stderr).toBe(2);
  expect(result.lines).toHaveLength(1);
  expect(result.lines[0]).toMatch(message);
  expect(result.lines[0]).toMatch(/\(--help for the usage\)$/);
  expect(result.stdout).toBe('');
  expect(readdirSync(pinned)).toEqual([]);
}

const names = Object.keys(CLIS) as (keyof typeof CLIS)[];

describe('every workspace CLI', () => {
  it.each(names)('%s --help prints its usage and exits 0', (cli) => {
    const result = run(cli, '--help');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: ${CLIS[cli].split('/').at(-1)!.replace('.', '\\.')}`));
    expect(result.stderr).toBe('');
  });

  it.each(names)('%s -h is --help', (cli) => {
    expect(run(cli, '-h').stdout).toBe(run(cli, '--help').stdout);
  });

  // Unknown options of every shape (a typo, a single dash, a value attached, a negation, the wrong case), two per
  // CLI in turn, so that every shape meets several CLIs (each run costs a Node start).
  const unknown = ['--bogus', '-x', '--namespac=todo', '--no-json', '--HELP'];
  const pairs = names.flatMap((cli, i) => [0, 1].map((k) => [cli, unknown[(2 * i + k) % unknown.length]] as const));
  it.each(pairs)('%s %s is refused in one line', (cli, option) => {
    expectRefused(run(cli, option), new RegExp(`^unknown option ${option.split('=')[0]} `));
  });

  it.each([
    ['cluster-cli', [], /^up or down\?/],
    ['cluster-cli', ['sideways'], /^unknown command "sideways": use up or down/],
    ['cluster-cli', ['up', 'now'], /^unexpected argument "now"/],
    ['cluster-cli', ['down', '--audit'], /^--encryption and --audit go with up/],
    ['backup', [], /^backup, restore or drill\?/],
    ['backup', ['everything'], /^unknown command "everything"/],
    ['backup', ['restore'], /^restore needs --from=<file\|latest>/],
    ['backup', ['backup', '--from=latest'], /^--from goes with restore or drill/],
    ['bench', ['--only=api,gpu'], /^unknown section gpu: choose from/],
    ['recommend', ['--samples', '0'], /^--samples must be a positive whole number \(got "0"\)/],
    ['recommend', ['--samples', '2.5'], /^--samples must be a positive whole number/],
    ['recommend', ['--interval=soon'], /^--interval must be a positive number of seconds \(got "soon"\)/],
    ['recommend', ['--window=-5'], /^--window must be a positive number of seconds/],
    ['recommend', ['--prometheus', 'not a url'], /^--prometheus must be a URL/],
    ['ai', [], /^a question is needed/],
    ['mcp', ['--port', 'http'], /^--port must be a port number/],
    ['smoke-run', ['stray'], /^unexpected argument "stray"/],
    ['doctor', ['--json=yes'], /^option '--json' does not take an argument/],
    ['recommend', ['--write-values'], /^option '--write-values <value>' argument missing/],
  ] as const)('%s %j is refused before it touches anything', (cli, args, message) => {
    expectRefused(run(cli, ...args), message);
  });
});

describe('through Nx', () => {
  it('nx run ops:doctor -- --help prints the doctor usage', () => {
    const result = spawnSync(
      process.execPath,
      [join(root, 'node_modules/nx/dist/bin/nx.js'), 'run', 'ops:doctor', '--output-style=static', '--', '--help'],
      { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' } },
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('Usage: doctor-cli.ts [--json]');
  }, 120_000);
});
