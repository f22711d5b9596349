import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeTool } from '@todo/kube-tools';
import { allowedFlows, formatFinding, lintManifests, parseManifests, renderChart } from '../src/index.js';
import { existingSecretsIn } from '../src/values-secrets.js';

interface IngressObject {
  spec: { rules: { http: { paths: { path: string; pathType: string; backend: { service: unknown } }[] } }[] };
}

/** The Service an Ingress sends a request path to: the longest Prefix match, as controllers do. */
function routeOf(ingress: IngressObject, path: string): unknown {
  const matches = ingress.spec.rules
    .flatMap((rule) => rule.http.paths)
    .filter((p) => p.pathType === 'Prefix' && (p.path === '/' || path === p.path || path.startsWith(`${p.path}/`)))
    .sort((a, b) => b.path.length - a.path.length);
  return matches[0]?.backend.service;
}

// The project's own chart, rendered by the real helm: every environment passes, and a typo is caught.
const root = resolve(import.meta.dirname, '../../..');
const chart = join(root, 'deploy/charts/todo');
let helm: string;
beforeAll(async () => {
  helm = await kubeTool('helm');
});

describe('deploy/charts/todo', () => {
  it.each(['local', 'staging', 'production'])('%s renders without findings', async (env) => {
    const valuesFiles = [join(root, 'deploy/environments', `${env}.yaml`)];
    const objects = parseManifests(await renderChart({ helm, chart, valuesFiles, release: 'todo', namespace: 'todo' }));
    const findings = lintManifests(objects, { existingSecrets: await existingSecretsIn(valuesFiles) });
    expect(findings.map((f) => formatFinding(f, env))).toEqual([]);
    expect(objects.length).toBeGreaterThan(20);
  });

  it.each(['loki', 'elasticsearch'])('with log shipping to %s, renders without findings', async (output) => {
    const dir = await mkdtemp(join(tmpdir(), 'values-'));
    const values = join(dir, 'log-shipping.yaml');
    await writeFile(
      values,
      `logShipping:\n  enabled: true\n  output: ${output}\n  elasticsearch:\n    existingSecret: es-auth\n`,
    );
    try {
      const objects = parseManifests(
        await renderChart({ helm, chart, valuesFiles: [values], release: 'todo', namespace: 'todo' }),
      );
      expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toContain('DaemonSet/todo-log-shipper');
      const findings = lintManifests(objects, { existingSecrets: ['es-auth'] });
      expect(findings.map((f) => formatFinding(f, output))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lets exactly the designed pod-to-pod flows through', async () => {
    const objects = parseManifests(
      await renderChart({ helm, chart, valuesFiles: [], release: 'todo', namespace: 'todo' }),
    );
    const flows = allowedFlows(objects).map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`);
    expect(flows.sort()).toEqual(
      [
        'Deployment/todo-frontend -> Deployment/todo-backend:8080/TCP',
        'Deployment/todo-backend -> StatefulSet/todo-database:5432/TCP',
        'Job/todo-migrations -> StatefulSet/todo-database:5432/TCP',
        'CronJob/todo-backup -> StatefulSet/todo-database:5432/TCP',
        'Pod/todo-test-backend -> Deployment/todo-backend:8080/TCP',
        'Pod/todo-test-frontend -> Deployment/todo-backend:8080/TCP',
        'Pod/todo-test-backend -> Deployment/todo-frontend:3000/TCP',
        'Pod/todo-test-frontend -> Deployment/todo-frontend:3000/TCP',
      ].sort(),
    );
  });

  it.each(['local', 'staging', 'production'])(
    '%s: MCP and API clients reach the backend through the public host only (Ingress -> frontend -> backend)',
    async (env) => {
      const valuesFiles = [join(root, 'deploy/environments', `${env}.yaml`)];
      const objects = parseManifests(
        await renderChart({ helm, chart, valuesFiles, release: 'todo', namespace: 'todo' }),
      );
      const ingress = objects.find((o) => o.kind === 'Ingress') as unknown as IngressObject | undefined;
      if (!ingress) return; // this environment publishes no host
      // Each public path goes, by the longest matching prefix, to the frontend's http port; the frontend forwards it.
      for (const path of [
        '/mcp',
        '/.well-known/oauth-protected-resource/mcp',
        '/openapi.json',
        '/docs',
        '/api/x/tasks',
      ])
        expect(routeOf(ingress, path), path).toEqual({ name: 'todo-frontend', port: { name: 'http' } });
      const flows = allowedFlows(objects).map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`);
      expect(flows).toContain('Deployment/todo-frontend -> Deployment/todo-backend:8080/TCP');
      // Nothing outside the namespace is let in to the backend: the public path is the only way from outside.
      const backendPolicy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata?.name === 'todo-backend') as
        { spec: { ingress: { from?: Record<string, unknown>[] }[] } } | undefined;
      const peers = backendPolicy?.spec.ingress.flatMap((rule) => rule.from ?? []) ?? [];
      expect(peers.filter((peer) => 'namespaceSelector' in peer || 'ipBlock' in peer)).toEqual([]);
    },
  );

  it('with the bundled Redis, lets only the backend reach it, on 6379', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'values-'));
    const values = join(dir, 'redis.yaml');
    await writeFile(values, 'redis:\n  enabled: true\n');
    try {
      const objects = parseManifests(
        await renderChart({ helm, chart, valuesFiles: [values], release: 'todo', namespace: 'todo' }),
      );
      expect(lintManifests(objects).map((f) => formatFinding(f, 'redis'))).toEqual([]);
      const flows = allowedFlows(objects)
        .filter((f) => f.from.endsWith('-redis') || f.to.endsWith('-redis'))
        .map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`);
      expect(flows).toEqual(['Deployment/todo-backend -> StatefulSet/todo-redis:6379/TCP']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('with tracing on, lets the frontend and the backend reach Jaeger on OTLP/HTTP only', async () => {
    const valuesFiles = [join(root, 'deploy/environments/local.yaml')];
    const objects = parseManifests(await renderChart({ helm, chart, valuesFiles, release: 'todo', namespace: 'todo' }));
    const flows = allowedFlows(objects)
      .filter((f) => f.from.endsWith('-jaeger') || f.to.endsWith('-jaeger'))
      .map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`);
    expect(flows.sort()).toEqual([
      'Deployment/todo-backend -> Deployment/todo-jaeger:4318/TCP',
      'Deployment/todo-frontend -> Deployment/todo-jaeger:4318/TCP',
    ]);
  });

  describe('with the mesh on', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'values-'));
      await writeFile(join(dir, 'mesh.yaml'), 'mesh:\n  enabled: true\n');
      await writeFile(
        join(dir, 'extras.yaml'),
        'tracing:\n  jaeger:\n    enabled: true\nlogShipping:\n  enabled: true\nredis:\n  enabled: true\n',
      );
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));
    const render = async (...files: string[]) =>
      parseManifests(
        await renderChart({
          helm,
          chart,
          valuesFiles: [...files, join(dir, 'mesh.yaml')],
          release: 'todo',
          namespace: 'todo',
          apiVersions: ['gateway.networking.k8s.io/v1/HTTPRoute'],
        }),
      );

    it.each(['local', 'staging', 'production'])('%s renders without findings', async (env) => {
      const valuesFiles = [join(root, 'deploy/environments', `${env}.yaml`)];
      const objects = await render(...valuesFiles);
      const findings = lintManifests(objects, { existingSecrets: await existingSecretsIn(valuesFiles) });
      expect(findings.map((f) => formatFinding(f, env))).toEqual([]);
    });

    it('with Jaeger, log shipping and Redis too, renders without findings; the backend reaches Redis meshed', async () => {
      const objects = await render(join(dir, 'extras.yaml'));
      expect(lintManifests(objects).map((f) => formatFinding(f, 'extras'))).toEqual([]);
      const redisFlows = allowedFlows(objects)
        .filter((f) => f.to.endsWith('-redis'))
        .map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`);
      expect(redisFlows.sort()).toEqual([
        'Deployment/todo-backend -> StatefulSet/todo-redis:4143/TCP',
        'Deployment/todo-backend -> StatefulSet/todo-redis:6379/TCP',
      ]);
    });

    it('lets the designed flows through, between meshed pods also on the proxy port', async () => {
      const flows = allowedFlows(await render()).map((f) => `${f.from} -> ${f.to}:${f.port}/${f.protocol}`);
      const both = (from: string, to: string, port: number) => [
        `${from} -> ${to}:${port}/TCP`,
        `${from} -> ${to}:4143/TCP`,
      ];
      expect(flows.sort()).toEqual(
        [
          ...both('Deployment/todo-frontend', 'Deployment/todo-backend', 8080),
          ...both('Deployment/todo-backend', 'StatefulSet/todo-database', 5432),
          'Job/todo-migrations -> StatefulSet/todo-database:5432/TCP', // a hook, not meshed
          ...both('CronJob/todo-backup', 'StatefulSet/todo-database', 5432),
          ...both('Pod/todo-test-backend', 'Deployment/todo-backend', 8080),
          ...both('Pod/todo-test-frontend', 'Deployment/todo-backend', 8080),
          ...both('Pod/todo-test-backend', 'Deployment/todo-frontend', 3000),
          ...both('Pod/todo-test-frontend', 'Deployment/todo-frontend', 3000),
        ].sort(),
      );
    });
  });

  describe('with a typo in a template', () => {
    let broken: string;
    beforeAll(async () => {
      broken = await mkdtemp(join(tmpdir(), 'chart-'));
      await cp(chart, broken, { recursive: true });
      const template = join(broken, 'templates/backend/deployment.yaml');
      await writeFile(template, (await readFile(template, 'utf8')).replace('imagePullPolicy:', 'imagePullPolcy:'));
    });
    afterAll(() => rm(broken, { recursive: true, force: true }));

    it('reports the unknown field where it is', async () => {
      const objects = parseManifests(
        await renderChart({ helm, chart: broken, valuesFiles: [], release: 'todo', namespace: 'todo' }),
      );
      const lines = lintManifests(objects).map((f) => formatFinding(f, 'defaults'));
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^defaults: Deployment\/todo-backend: spec\.template\.spec\.containers\[0\]\.imagePullPolcy: unknown field "imagePullPolcy"/,
        ),
      );
    });
  });
});
