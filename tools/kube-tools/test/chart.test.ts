import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { kubeTool } from '../src/binaries.js';
import { chartDir, leafKeys, readParams, renderedReadme } from '../src/values-docs.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const envs = ['local', 'staging', 'production'];
// Rendered objects are read loosely here: each assertion names the fields it needs.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
type Obj = {
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Loose;
  data?: Loose;
};

async function render(...args: string[]): Promise<Obj[]> {
  const { stdout } = await run(await kubeTool('helm'), ['template', 'todo', chartDir, '-n', 'todo', ...args], {
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS())
    .filter(Boolean);
}
const byKind = (objects: Obj[], kind: string) => objects.filter((o) => o.kind === kind);
const byName = (objects: Obj[], kind: string, name: string) =>
  byKind(objects, kind).find((o) => o.metadata.name === name);
/** The Deployments of the app itself (the local environment adds Jaeger). */
const appDeployments = (objects: Obj[]) =>
  byKind(objects, 'Deployment').filter((d) => ['todo-backend', 'todo-frontend'].includes(d.metadata.name));
const envFile = (env: string) => join(root, 'deploy/environments', `${env}.yaml`);

describe('the chart', () => {
  it('carries the workspace version as appVersion', () => {
    const chart = parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(chart.appVersion).toBe(version);
  });

  it('documents every value, and the README table is current', async () => {
    const text = readFileSync(join(chartDir, 'values.yaml'), 'utf8');
    const documented = readParams(text).map((p) => p.key);
    const leaves = leafKeys(parse(text));
    // A parameter documents a leaf, or a whole map (resourceQuota.hard).
    const covers = (key: string, leaf: string) => leaf === key || leaf.startsWith(`${key}.`);
    expect(leaves.filter((leaf) => !documented.some((key) => covers(key, leaf)))).toEqual([]);
    expect(documented.filter((key) => !leaves.some((leaf) => covers(key, leaf)))).toEqual([]);
    const { current, expected } = await renderedReadme();
    expect(current, 'run: node --conditions=@todo/source --import tsx tools/kube-tools/src/values-docs.ts write').toBe(
      expected,
    );
  });

  it('rejects unknown and mistyped values through values.schema.json', async () => {
    await expect(render('--set', 'backend.imagePullPolcy=Always')).rejects.toThrow(
      /additional properties 'imagePullPolcy' not allowed/,
    );
    await expect(render('--set', 'backend.replicas=0')).rejects.toThrow(/replicas/);
    await expect(render('--set', 'image.pullPolicy=Sometimes')).rejects.toThrow(/pullPolicy/);
  });

  it.each(envs)('renders %s', async (env) => {
    const objects = await render('-f', envFile(env));
    expect(
      byKind(objects, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(env === 'local' ? ['todo-backend', 'todo-frontend', 'todo-jaeger'] : ['todo-backend', 'todo-frontend']);
    for (const deployment of appDeployments(objects)) {
      expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    }
    expect(byKind(objects, 'StatefulSet')).toHaveLength(1);
    expect(byKind(objects, 'Ingress')[0].spec.tls).toBeDefined();
  });

  it('local: one replica, images tagged local and never pulled', async () => {
    const objects = await render('-f', envFile('local'));
    for (const deployment of appDeployments(objects)) {
      expect(deployment.spec.replicas).toBe(1);
      const [container] = deployment.spec.template.spec.containers;
      expect(container.image).toMatch(/^todo-(backend|frontend):local$/);
      expect(container.imagePullPolicy).toBe('Never');
    }
    expect(byKind(objects, 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  it('production: autoscaling from 3, disruption budgets, the given certificate, the auth secret from outside', async () => {
    const objects = await render('-f', envFile('production'));
    expect(byKind(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.minReplicas)).toEqual([3, 3]);
    expect(byKind(objects, 'PodDisruptionBudget')).toHaveLength(2);
    expect(byKind(objects, 'Ingress')[0].spec.tls[0].secretName).toBe('todo-tls');
    expect(byKind(objects, 'Secret').map((s) => s.metadata.name)).not.toContain('todo-auth');
    const backend = byKind(objects, 'Deployment').find((d) => d.metadata.name === 'todo-backend')!;
    expect(backend.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name).toBe('todo-auth');
  });

  it('keeps generated secrets on upgrade and out of values', async () => {
    const objects = await render();
    const secrets = byKind(objects, 'Secret');
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual(['todo-auth', 'todo-database', 'todo-tls']);
    for (const secret of secrets) expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    expect(
      Buffer.from(secrets.find((s) => s.metadata.name === 'todo-auth')!.data.BETTER_AUTH_SECRET, 'base64').length,
    ).toBe(48);
  });

  it('an external database replaces the StatefulSet and the migrations run before install too', async () => {
    const objects = await render(
      '--set',
      'database.external.enabled=true',
      '--set',
      'database.external.existingSecret=db',
    );
    expect(byKind(objects, 'StatefulSet')).toHaveLength(0);
    const job = byKind(objects, 'Job')[0];
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(
      job.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'DATABASE_URL').valueFrom
        .secretKeyRef.name,
    ).toBe('db');
  });

  it.each(['serviceMonitor', 'annotations', 'off'])('monitoring.mode=%s', async (mode) => {
    const objects = await render('--set', `monitoring.mode=${mode}`);
    const monitors = byKind(objects, 'ServiceMonitor');
    const annotations = byKind(objects, 'Deployment').map((d) => d.spec.template.metadata.annotations ?? {});
    const scrapePolicy = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'todo-allow-prometheus');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual(
      mode === 'serviceMonitor' ? ['todo-backend', 'todo-frontend'] : [],
    );
    for (const monitor of monitors) expect(monitor.metadata.labels?.release).toBe('kube-prometheus-stack');
    expect(annotations.map((a) => a['prometheus.io/path'])).toEqual(
      mode === 'annotations' ? ['/metrics', '/api/metrics'] : [undefined, undefined],
    );
    expect(Boolean(scrapePolicy)).toBe(mode !== 'off');
  });

  describe('tracing', () => {
    const otel = (objects: Obj[], component: string) => {
      const data = byName(objects, 'ConfigMap', `todo-${component}`)!.data;
      return Object.fromEntries(Object.entries(data).filter(([key]) => key.startsWith('OTEL_')));
    };
    const egressPorts = (objects: Obj[], component: string) =>
      byName(objects, 'NetworkPolicy', `todo-${component}`)!.spec.egress.flatMap(
        (rule: { ports: { port: number }[] }) => rule.ports.map((p) => p.port),
      );

    it('is off by default: no OTEL_ variable, no Jaeger', async () => {
      const objects = await render();
      expect(otel(objects, 'backend')).toEqual({});
      expect(otel(objects, 'frontend')).toEqual({});
      expect(objects.filter((o) => o.metadata.name === 'todo-jaeger')).toEqual([]);
    });

    it('sends to tracing.otlpEndpoint, with egress on its port', async () => {
      const objects = await render(
        ...['--set', 'tracing.otlpEndpoint=http://collector.observability:4318'],
        ...['--set', 'tracing.sampler=parentbased_traceidratio', '--set', 'tracing.samplerArg=0.1'],
      );
      for (const component of ['backend', 'frontend']) {
        expect(otel(objects, component)).toEqual({
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector.observability:4318',
          OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
          OTEL_TRACES_SAMPLER_ARG: '0.1',
        });
        expect(egressPorts(objects, component)).toContain(4318);
      }
      const https = await render('--set', 'tracing.otlpEndpoint=https://otlp.example.com');
      expect(egressPorts(https, 'backend')).toContain(443);
    });

    it('jaeger.enabled deploys a locked-down Jaeger and sends to it', async () => {
      const objects = await render('--set', 'tracing.jaeger.enabled=true');
      expect(otel(objects, 'frontend').OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://todo-jaeger:4318');
      const pod = byName(objects, 'Deployment', 'todo-jaeger')!.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
      expect(pod.containers[0].securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(pod.containers[0].image).toBe('jaegertracing/jaeger:2.19.0');
      const service = byName(objects, 'Service', 'todo-jaeger')!;
      expect(service.spec.ports.map((p: { port: number }) => p.port)).toEqual([4318, 16686]);
      expect(byName(objects, 'NetworkPolicy', 'todo-jaeger')).toBeDefined();
    });

    it('rejects a sampler or an endpoint that is not one', async () => {
      await expect(render('--set', 'tracing.sampler=sometimes')).rejects.toThrow(/sampler/);
      await expect(render('--set', 'tracing.otlpEndpoint=collector:4318')).rejects.toThrow(/otlpEndpoint/);
    });
  });
});
