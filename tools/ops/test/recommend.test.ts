import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_PATH } from '../src/chart-limits.js';
import { percentile, recommend } from '../src/recommend/recommender.js';
import { runRecommend } from '../src/recommend/run.js';
import type { UsageSample } from '../src/recommend/samples.js';
import { valuesPatch, valuesPatchYaml } from '../src/recommend/values-patch.js';
import { healthyWorld, NS, routes } from './support/cluster.js';
import { startFakeApiServer, type FakeApiServer } from './support/fake-apiserver.js';

const target = { namespace: NS, release: 'todo' };
let server: FakeApiServer | undefined;
afterEach(async () => server?.close());

const current = {
  backend: {
    container: 'backend',
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    hpa: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 },
  },
};

/** Two backend pods over `polls` readings: CPU 40..(40+polls) millicores each, memory 150..(150+polls) MiB. */
const samples = (polls: number, burst = false): UsageSample[] =>
  Array.from({ length: polls }, (_, i) =>
    [0, 1].map((p) => ({
      at: i * 15_000,
      pod: `todo-backend-${p}`,
      component: 'backend',
      container: 'backend',
      cpuCores: (burst && i === polls - 1 ? 400 : 40 + i) / 1000,
      memoryBytes: (150 + i) * 1024 ** 2,
    })),
  ).flat();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function deepMerge(base: any, patch: any): any {
  if (typeof base !== 'object' || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

/** ops:recommend's CLI writes a values file nx deploy can take. */
async function writeValuesWithTheCli(api: FakeApiServer) {
  const dir = await mkdtemp(join(tmpdir(), 'ops-recommend-'));
  try {
    const file = join(dir, 'suggested.yaml');
    const cli = resolve(import.meta.dirname, '../src/recommend-cli.ts');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--conditions=@todo/source',
        '--import',
        'tsx',
        cli,
        '--samples',
        '2',
        '--interval',
        '0.01',
        '--write-values',
        file,
      ],
      { env: { ...process.env, KUBECONFIG: api.kubeconfig } },
    );
    expect(stdout).toContain('backend autoscaling: 2..5 at 70% ->');
    expect(stdout).toContain(`wrote ${file}: npx nx deploy backend --values ${file}`);
    const values = parse(await readFile(file, 'utf8'));
    expect(Object.keys(values)).toEqual(['backend', 'frontend', 'database']);
    expect(values.database.autoscaling).toBeUndefined();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('recommender', () => {
  it('nearest-rank percentile', () => {
    expect(percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([], 0.9)).toBe(0);
  });

  it('requests from the 90th percentile plus 15%, limits keep their ratio, HPA from the total load', () => {
    const recs = recommend(samples(40), current, ['backend']);
    const [c] = recs.containers;
    // P90 of 40..79 m is 75m, +15% = 86.25m -> 90m; memory P90 185Mi +15% -> 212.75 -> 224Mi
    expect(c.suggested.requests).toEqual({ cpu: '90m', memory: '224Mi' });
    expect(c.suggested.limits.cpu).toBe('450m'); // ratio 5
    expect(c.suggested.limits.memory).toBe('448Mi'); // ratio 2
    expect(c.why.join(' ')).toContain('90th percentile of 80 samples');
    const [a] = recs.autoscaling;
    // median total 2*60m = 120m; one pod carries 63m at 70% of 90m -> min 2; peak 158m * 1.5 / 63m -> 4
    expect(a.suggested).toEqual({ minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercentage: 70 });
  });

  it('bursty load lowers the target; few samples are called a first guess; the schema bounds the replicas', () => {
    const recs = recommend(samples(5, true), current, ['backend']);
    expect(recs.autoscaling[0].suggested.targetCPUUtilizationPercentage).toBe(60);
    expect(recs.autoscaling[0].suggested.maxReplicas).toBeLessThanOrEqual(20);
    expect(recs.containers[0].why.at(-1)).toContain('first guess');
  });

  it('the values patch is valid against the chart schema once merged into values.yaml', () => {
    const patch = parse(valuesPatchYaml(recommend(samples(40), current, ['backend'])));
    expect(patch).toEqual(valuesPatch(recommend(samples(40), current, ['backend'])));
    const values = parse(readFileSync(SCHEMA_PATH.replace('values.schema.json', 'values.yaml'), 'utf8'));
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
    delete schema.$schema; // draft-07, Ajv's default, under an https id Ajv does not know
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(deepMerge(values, patch)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('samples the metrics API (metrics.k8s.io) through client-node', async () => {
    const world = healthyWorld();
    const r = routes(world);
    r[`/apis/metrics.k8s.io/v1beta1/namespaces/${NS}/pods`] = (_url: URL, poll: number) => ({
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {},
      items: world.pods.map((pod) => ({
        metadata: { name: pod.metadata.name, namespace: NS, labels: pod.metadata.labels },
        timestamp: '2026-11-29T10:00:00Z',
        window: '15s',
        containers: [
          {
            name: pod.spec.containers[0].name,
            usage: { cpu: `${(20 + poll) * 1_000_000}n`, memory: `${100 * 1024 + poll}Ki` },
          },
        ],
      })),
    });
    server = await startFakeApiServer(r);
    const kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    const recs = await runRecommend(kc, target, { samples: 3, intervalSeconds: 0.01, windowSeconds: 0 });
    await writeValuesWithTheCli(server);
    expect(recs.containers.map((c) => `${c.component}/${c.container}`)).toEqual([
      'backend/backend',
      'frontend/frontend',
      'database/postgres',
    ]);
    expect(recs.containers[0].samples).toBe(6);
    expect(recs.containers[0].current.requests.cpu).toBe('100m');
    expect(recs.autoscaling.map((a) => a.component)).toEqual(['backend', 'frontend']);
    expect(recs.autoscaling[0].current).toEqual({ minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 70 });
  });

  it('reads the usage history from Prometheus when given', async () => {
    const world = healthyWorld();
    const r = routes(world);
    r['/api/v1/query_range'] = (url: URL) => {
      const cpu = url.searchParams.get('query')!.includes('cpu');
      const series = (pod: string, container: string) => ({
        metric: { pod, container },
        values: [0, 1, 2, 3].map((i) => [1_800_000_000 + i * 60, String(cpu ? 0.05 + i / 100 : 200 * 1024 ** 2)]),
      });
      return {
        status: 'success',
        data: {
          resultType: 'matrix',
          result: [series('todo-backend-7d9f8-0', 'backend'), series('todo-backend-7d9f8-1', 'backend')],
        },
      };
    };
    server = await startFakeApiServer(r);
    const kc = new KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    const recs = await runRecommend(kc, target, {
      samples: 0,
      intervalSeconds: 0,
      prometheus: server.url,
      windowSeconds: 3600,
    });
    expect(recs.containers).toHaveLength(1);
    expect(recs.containers[0]).toMatchObject({
      component: 'backend',
      samples: 8,
      observed: { cpuMax: '80m', memoryMax: '200Mi' },
    });
    const query = server.requests.find((u) => u.pathname === '/api/v1/query_range')!.searchParams.get('query');
    expect(query).toContain('namespace="todo",pod=~"todo-.*"');
  });
});
