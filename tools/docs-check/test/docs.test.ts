// The docs against the code: every Nx target, path, environment variable and chart value that README.md, CLAUDE.md,
// CONTRIBUTING.md, docs/ and deploy/ name exists; every project has its row in the README's workspace table, and a
// description in the Nx graph.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { problems, type Workspace } from '../src/check.js';

const root = resolve(import.meta.dirname, '../../..');
const SKIP = new Set(['node_modules', 'dist', '.next', 'out-tsc', 'test-output', '.nx', '.data', 'bin', '.git']);
const CODE = /\.(ts|tsx|mts|mjs|cjs|js|sh|ya?ml|json|tpl|txt)$|Dockerfile$|^\.env/;

function files(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path, keep) : keep(entry.name) ? [path] : [];
  });
}

const DOCS = [
  'README.md',
  'CLAUDE.md',
  'CONTRIBUTING.md',
  'deploy/README.md',
  ...files(join(root, 'deploy/docs'), (name) => name.endsWith('.md')).map((file) => relative(root, file)),
  ...files(join(root, 'docs'), (name) => name.endsWith('.md')).map((file) => relative(root, file)),
];

// Read by third-party code, not ours: the OpenTelemetry SDK's standard variables, Minikube's home, Node's extra CAs;
// and TODO_TOKEN, the shell variable docs/mcp.md's examples set for themselves.
const EXTERNAL = [
  'NODE_EXTRA_CA_CERTS',
  'TODO_TOKEN',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'MINIKUBE_HOME',
];

let workspace: Workspace;
/** What each project of the graph says it is for (its package.json description). */
let descriptions: Map<string, string | undefined>;

beforeAll(() => {
  const out = join(mkdtempSync(join(tmpdir(), 'graph-')), 'graph.json');
  const nx = spawnSync(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), 'graph', `--file=${out}`], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (nx.status !== 0) throw new Error(`nx graph failed: ${nx.stderr}`);
  const nodes = JSON.parse(readFileSync(out, 'utf8')).graph.nodes as Record<
    string,
    { data: { targets: object; metadata?: { description?: string } } }
  >;
  descriptions = new Map(Object.entries(nodes).map(([name, node]) => [name, node.data.metadata?.description]));
  workspace = {
    root,
    targets: new Map(Object.entries(nodes).map(([name, node]) => [name, new Set(Object.keys(node.data.targets))])),
    code: ['apps', 'libs', 'tools', 'deploy', '.ci', '.github']
      .flatMap((dir) => files(join(root, dir), (name) => CODE.test(name)))
      .filter((file) => !file.startsWith(import.meta.dirname.replace(/test$/, ''))) // not this check's own cases
      .concat(join(root, 'package.json'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n'),
    values: parse(readFileSync(join(root, 'deploy/charts/todo/values.yaml'), 'utf8')),
    external: new Set(EXTERNAL),
  };
}, 120_000);

describe('the docs name only what exists', () => {
  it.each(DOCS)('%s', (doc) => {
    expect(problems(doc, readFileSync(join(root, doc), 'utf8'), workspace)).toEqual([]);
  });

  it("the README's workspace table has a row for every project", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const missing = [...workspace.targets.keys()].filter((project) => !readme.includes(`| \`${project}\` `));
    expect(missing).toEqual([]);
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` +\| `[^`]+` +\|/gm)].map((match) => match[1]);
    expect(rows.sort(), 'one row per project, no row for a project that is not there').toEqual(
      [...workspace.targets.keys()].sort(),
    );
  });

  it('every project says in the Nx graph what it is for (its package.json description)', () => {
    const silent = [...descriptions].filter(([, description]) => !description?.trim()).map(([project]) => project);
    expect(silent).toEqual([]);
  });

  it('finds what does not exist, of every kind', () => {
    const doc = [
      'Run `npx nx run deploy:nowhere`, `nx deploy nobody` and `npx nx run-many -t lint frobnicate -p backend`.',
      'See `tools/nothing/here.ts` and [this](missing.md); set `NO_SUCH_VARIABLE=1` and `backend.noSuchValue`.',
      '```sh',
      'npx nx run backend:test',
      'npx nx run backend:tset',
      '```',
    ].join('\n');
    expect(problems('docs/example.md', doc, workspace)).toEqual([
      'docs/example.md:1: `npx nx run deploy:nowhere`: project deploy has no target nowhere',
      'docs/example.md:1: `nx deploy nobody`: no project nobody',
      'docs/example.md:1: `npx nx run-many -t lint frobnicate -p backend`: project backend has no target frobnicate',
      'docs/example.md:2: tools/nothing/here.ts does not exist',
      'docs/example.md:2: NO_SUCH_VARIABLE is read nowhere in the code',
      'docs/example.md:2: backend.noSuchValue is not a chart value',
      'docs/example.md:2: ./missing.md does not exist',
      'docs/example.md:5: `npx nx run backend:tset`: project backend has no target tset',
    ]);
  });
});
