import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { chartDir } from '../src/paths.js';
import { everyFeature, podTemplates, render, renderError, type Loose, type Obj } from './support/render.js';

// The chart on day two, on its real renders: upgrades, private registries, drains, egress, the connection budget.
const root = resolve(import.meta.dirname, '../..');
const production = ['-f', join(root, 'deploy/environments/production.yaml')];
const byName = (objects: Obj[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

describe('upgrading the chart', () => {
  let dir: string;
  /** A copy of the chart with its Chart.yaml changed. */
  const chartWith = async (name: string, change: Record<string, string>) => {
    const copy = join(dir, name);
    await cp(chartDir, copy, { recursive: true });
    const file = join(copy, 'Chart.yaml');
    await writeFile(file, stringify({ ...parse(await readFile(file, 'utf8')), ...change }));
    return copy;
  };
  /** Which workloads' pod templates differ between two renders (helm test's bare Pods are made anew each run). */
  const rolled = (before: Obj[], after: Obj[]) => {
    const old = podTemplates(before);
    return [...podTemplates(after)]
      .filter(([id, template]) => !id.startsWith('Pod/') && JSON.stringify(old.get(id)) !== JSON.stringify(template))
      .map(([id]) => id)
      .sort();
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chart-upgrade-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const environments = {
    production: [
      ...production,
      '--set',
      'mesh.enabled=true',
      '--api-versions',
      'gateway.networking.k8s.io/v1/HTTPRoute',
    ],
    'every feature': everyFeature,
  };
  it.each(Object.entries(environments))('%s: a chart version bump alone rolls no pod', async (_, values) => {
    const version = parse(await readFile(join(chartDir, 'Chart.yaml'), 'utf8')).version as string;
    const next = version.replace(/\d+$/, (patch) => String(Number(patch) + 1));
    const before = await render(values, await chartWith('n', { version }));
    const after = await render(values, await chartWith('n1', { version: next }));
    // The version did change the objects themselves (their helm.sh/chart label)...
    expect(byName(after, 'StatefulSet', 'todo-database')!.metadata.labels!['helm.sh/chart']).toBe(`todo-${next}`);
    // ...and no pod template.
    expect(rolled(before, after)).toEqual([]);
  });

  it('a new app version rolls exactly the pods running the app image, never the database', async () => {
    const before = await render(everyFeature, await chartWith('app-n', { version: '1.0.0', appVersion: '1.0.0' }));
    const after = await render(everyFeature, await chartWith('app-n1', { version: '1.1.0', appVersion: '1.1.0' }));
    expect(rolled(before, after)).toEqual([
      'Deployment/todo-backend',
      'Deployment/todo-frontend',
      'Job/todo-migrations',
    ]);
  });

  it('a bigger database volume changes only its claim template (the orphan-delete in the runbook recreates it)', async () => {
    const before = await render([]);
    const after = await render(['--set', 'database.persistence.size=20Gi']);
    expect(rolled(before, after)).toEqual([]);
    const [old, grown] = [before, after].map((objects) => byName(objects, 'StatefulSet', 'todo-database')!);
    expect(grown.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
    grown.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi';
    expect(grown).toEqual(old);
  });
});

describe('private registries', () => {
  it('every pod, hooks and tests too, pulls through image.registry with the pull secrets', async () => {
    const objects = await render([
      ...everyFeature,
      ...['--set', 'image.registry=registry.example.com/mirror', '--set', 'image.pullSecrets={regcred,other}'],
    ]);
    const templates = podTemplates(objects);
    expect([...templates.keys()].sort()).toEqual([
      'CronJob/todo-backup',
      'DaemonSet/todo-log-shipper',
      'Deployment/todo-backend',
      'Deployment/todo-frontend',
      'Deployment/todo-jaeger',
      'Job/todo-migrations',
      'Pod/todo-test-backend',
      'Pod/todo-test-frontend',
      'StatefulSet/todo-database',
      'StatefulSet/todo-redis',
    ]);
    for (const [id, template] of templates) {
      expect(template.spec.imagePullSecrets, id).toEqual([{ name: 'regcred' }, { name: 'other' }]);
      for (const container of [...template.spec.containers, ...(template.spec.initContainers ?? [])])
        expect(container.image, id).toMatch(/^registry\.example\.com\/mirror\/[a-z/-]+:[\w.-]+$/);
    }
  });

  it("an image's own registry and digest win", async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const objects = await render([
      ...['--set', 'image.registry=registry.example.com', '--set', 'database.image.registry=docker.io'],
      ...['--set', `backend.image.digest=${digest}`, '--set', 'backend.image.tag=id-0123456789ab'],
    ]);
    const image = (id: string) => podTemplates(objects).get(id)!.spec.containers[0].image;
    expect(image('Deployment/todo-backend')).toBe(`registry.example.com/todo-backend:id-0123456789ab@${digest}`);
    expect(image('Job/todo-migrations')).toBe(image('Deployment/todo-backend'));
    expect(image('StatefulSet/todo-database')).toBe('docker.io/postgres:17.6-bookworm');
    expect(image('Deployment/todo-frontend')).toMatch(/^registry\.example\.com\/todo-frontend:[\d.]+$/);
    await expect(render(['--set', 'backend.image.digest=sha256:abc'])).rejects.toThrow(/digest/);
  });
});

describe('drains and autoscaling', () => {
  it('disruption budgets let unhealthy pods go, and refuse a minAvailable that blocks every eviction', async () => {
    const objects = await render(production);
    for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget'))
      expect(pdb.spec).toMatchObject({ minAvailable: 2, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    for (const [min, available] of [
      [3, 3],
      [3, 4],
      [2, 2],
      [1, 1],
    ]) {
      expect(
        await renderError([
          ...production,
          '--set',
          `backend.autoscaling.minReplicas=${min}`,
          '--set',
          `backend.pdb.minAvailable=${available}`,
        ]),
      ).toContain(`backend.pdb.minAvailable (${available}) must be below the fewest replicas (${min})`);
    }
    expect(await renderError(['--set', 'frontend.pdb.enabled=true', '--set', 'frontend.replicas=1'])).toContain(
      'frontend.pdb.minAvailable (1) must be below the fewest replicas (1)',
    );
  });

  it('autoscalers scale down slowly and refuse min above max', async () => {
    const hpa = byName(await render(production), 'HorizontalPodAutoscaler', 'todo-backend')!;
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 300,
      policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
    });
    // Above idle memory (backend about 134 MiB, frontend about 96 MiB), or the autoscaler sits at its maximum.
    const target = (objects: Obj[], name: string, idleMi: number) => {
      const deployment = byName(objects, 'Deployment', name)!;
      const request = parseInt(deployment.spec.template.spec.containers[0].resources.requests.memory, 10);
      const hpaOf = byName(objects, 'HorizontalPodAutoscaler', name)!;
      const percent = hpaOf.spec.metrics.find((m: Loose) => m.resource.name === 'memory').resource.target
        .averageUtilization;
      return (request * percent) / 100 / idleMi;
    };
    for (const env of ['staging', 'production']) {
      const objects = await render(['-f', join(root, `deploy/environments/${env}.yaml`)]);
      expect(target(objects, 'todo-backend', 134)).toBeGreaterThan(1.2);
      expect(target(objects, 'todo-frontend', 96)).toBeGreaterThan(1.2);
    }
    expect(
      await renderError(['--set', 'backend.autoscaling.enabled=true', '--set', 'backend.autoscaling.minReplicas=7']),
    ).toContain('backend.autoscaling.minReplicas (7) is above maxReplicas (6)');
  });

  it('the grace period covers preStop, drain, close and margin; with chat on, the drain covers a chat turn', async () => {
    for (const drain of [0, 5, 30, 60]) {
      for (const chat of [false, true]) {
        const objects = await render([
          ...['--set', `backend.shutdownDrainSeconds=${drain}`, '--set', `frontend.shutdownDrainSeconds=${drain}`],
          ...['--set', `chat.enabled=${chat}`, '--set', 'chat.timeoutSeconds=60'],
        ]);
        for (const name of ['todo-backend', 'todo-frontend']) {
          const pod = byName(objects, 'Deployment', name)!.spec.template.spec;
          const serverDrain = Number(byName(objects, 'ConfigMap', name)!.data.SHUTDOWN_DRAIN_MS) / 1000;
          expect(serverDrain).toBe(chat ? Math.max(drain, 65) : drain);
          expect(pod.containers[0].lifecycle.preStop.sleep.seconds).toBe(drain);
          expect(pod.terminationGracePeriodSeconds).toBe(drain + serverDrain + 10 + 5);
        }
      }
    }
  });
});

describe('egress', () => {
  const clusterCidrs = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'];
  const ipBlocks = (objects: Obj[]) =>
    objects
      .filter((o) => o.kind === 'NetworkPolicy')
      .flatMap((p) => (p.spec.egress ?? []).flatMap((rule: Loose) => rule.to ?? []))
      .filter((peer: Loose) => peer.ipBlock)
      .map((peer: Loose) => peer.ipBlock);

  it('0.0.0.0/0 (the default for external services) excepts the cluster and link-local ranges', async () => {
    const objects = await render([
      ...['--set', 'chat.enabled=true', '--set', 'tracing.otlpEndpoint=https://otlp.example.com'],
      ...['--set', 'backup.s3.enabled=true', '--set', 'backup.s3.bucket=b', '--set', 'backup.s3.existingSecret=s3'],
      ...['--set', 'redis.externalUrl=redis://redis.example.com:6379'],
    ]);
    const blocks = ipBlocks(objects);
    expect(blocks).toHaveLength(5); // the model provider, traces from two pods, S3, Redis
    for (const block of blocks) expect(block).toEqual({ cidr: '0.0.0.0/0', except: clusterCidrs });
  });

  it('a range the operator names stays as given; a feature without ranges fails', async () => {
    const objects = await render([
      '--set',
      'chat.enabled=true',
      '--set',
      'networkPolicy.llmEgress.cidrs={203.0.113.0/24}',
    ]);
    expect(ipBlocks(objects)).toEqual([{ cidr: '203.0.113.0/24' }]);
    expect(await renderError(['--set', 'chat.enabled=true', '--set', 'networkPolicy.llmEgress.cidrs=null'])).toContain(
      'networkPolicy.llmEgress.cidrs: give the address ranges',
    );
  });
});

describe('the connection budget', () => {
  // The API at its most replicas plus one surge pod, times its pool; the migrations Job and a backup; the reserve.
  const needed = (replicas: number, pool: number) => (replicas + 1) * pool + 2 + 3;
  const cases = [
    [2, 10],
    [6, 10],
    [10, 10],
    [10, 5],
    [20, 4],
  ];
  it.each(cases)(
    'API max %i x pool %i: renders at exactly the sum, refuses one below, naming the numbers',
    async (replicas, pool) => {
      const args = (max: number) => [
        ...['--set', 'backend.autoscaling.enabled=true', '--set', `backend.autoscaling.maxReplicas=${replicas}`],
        ...['--set', 'backend.autoscaling.minReplicas=1', '--set', `database.pool.max=${pool}`],
        ...['--set', `database.maxConnections=${max}`],
      ];
      const exact = needed(replicas, pool);
      const db = byName(await render(args(exact)), 'StatefulSet', 'todo-database')!;
      expect(db.spec.template.spec.containers[0].args).toContain(`max_connections=${exact}`);
      expect(await renderError(args(exact - 1))).toContain(
        `connection budget: ${exact} needed at maximum scale (API ${(replicas + 1) * pool} + jobs 2 + reserved 3) but max_connections is ${exact - 1}`,
      );
    },
  );

  it.each([
    ['512Mi', 128],
    ['1Gi', 384],
    ['2Gi', 896],
    ['1048576Ki', 384],
  ])('the database memory limit %s holds max_connections %i (256Mi + 2Mi each), not one more', async (memory, max) => {
    const args = (connections: number) => [
      ...['--set', `database.resources.limits.memory=${memory}`, '--set', `database.maxConnections=${connections}`],
    ];
    await render(args(max));
    expect(await renderError(args(max + 1))).toContain(
      `database.resources.limits.memory ${memory} is below what max_connections ${max + 1} needs: ${256 + 2 * (max + 1)}Mi`,
    );
  });

  it('an external database: its limit must be stated, and is checked the same way', async () => {
    const external = ['--set', 'database.external.enabled=true', '--set', 'database.external.existingSecret=db'];
    expect(await renderError(external)).toContain('database.external.maxConnections: state the connections');
    expect(await renderError([...external, '--set', 'database.external.maxConnections=30'])).toContain(
      'connection budget: 35 needed at maximum scale (API 30 + jobs 2 + reserved 3) but max_connections is 30',
    );
    await render([...external, '--set', 'database.external.maxConnections=35']);
  });
});

describe('installs, uninstalls and repairs', () => {
  it('the Namespace the chart creates is kept on uninstall, and no hook runs before it exists', async () => {
    const objects = await render([
      ...['--set', 'namespace.create=true', '--set', 'database.external.enabled=true'],
      ...['--set', 'database.external.existingSecret=db', '--set', 'database.external.maxConnections=50'],
    ]);
    const namespace = byName(objects, 'Namespace', 'todo')!;
    expect(namespace.metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
    expect(namespace.metadata.annotations!['helm.sh/hook']).toBeUndefined();
    expect(byName(objects, 'Job', 'todo-migrations')!.metadata.annotations!['helm.sh/hook']).toBe('pre-upgrade');
  });

  it('migrations.hook=false leaves the Job and its policy out; both migration paths off is refused', async () => {
    const objects = await render(['--set', 'migrations.hook=false']);
    expect(byName(objects, 'Job', 'todo-migrations')).toBeUndefined();
    expect(byName(objects, 'NetworkPolicy', 'todo-migrations')).toBeUndefined();
    expect(byName(objects, 'ConfigMap', 'todo-backend')!.data.MIGRATE_ON_START).toBe('true');
    expect(await renderError(['--set', 'migrations.hook=false', '--set', 'migrations.onStart=false'])).toContain(
      'nothing would migrate the database',
    );
  });

  it('the Ingress takes annotations, which win over its chat-aware proxy timeouts', async () => {
    const annotations = async (...args: string[]) =>
      byName(await render(args), 'Ingress', 'todo')!.metadata.annotations;
    expect(await annotations()).toEqual({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '75',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '75',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    });
    expect(
      await annotations(
        ...['--set', 'chat.timeoutSeconds=120', '--set', 'ingress.annotations.cert-manager\\.io/cluster-issuer=le'],
        ...['--set-string', 'ingress.annotations.nginx\\.ingress\\.kubernetes\\.io/proxy-read-timeout=300'],
      ),
    ).toEqual({
      'cert-manager.io/cluster-issuer': 'le',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '300',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '135',
      'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
    });
  });
});

describe('database certificates', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'chart-tls-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const tls = ['--set', 'database.tls.enabled=true'];
  const secretOf = (objects: Obj[]) => byName(objects, 'Secret', 'todo-database-tls')!;
  const pem = (secret: Obj, key: string) => Buffer.from(secret.data[key], 'base64').toString();

  /**
   * The chart with `lookup` of the Secret answered by `existing` (helm template has no cluster to ask): the rest of the
   * template, renewal logic included, runs as written.
   */
  const renderWithExisting = async (existing: Obj) => {
    const copy = join(dir, `chart-${Math.random().toString(16).slice(2)}`);
    await cp(chartDir, copy, { recursive: true });
    await rm(join(copy, 'values.schema.json'));
    const file = join(copy, 'templates/secrets/database-tls.yaml');
    const template = await readFile(file, 'utf8');
    const lookup = '{{- $existing := lookup "v1" "Secret" .Release.Namespace $name -}}';
    expect(template).toContain(lookup);
    await writeFile(file, template.replace(lookup, '{{- $existing := .Values.existingTlsSecret -}}'));
    return secretOf(await render([...tls, '--set-json', `existingTlsSecret=${JSON.stringify(existing)}`], copy));
  };

  it('keeps the certificate until renewBeforeDays of its end, then signs a new one with the same CA', async () => {
    const first = secretOf(await render(tls));
    const renewAfter = Number(first.metadata.annotations!['todo.dev/renew-after']);
    const validTo = Date.parse(new X509Certificate(pem(first, 'tls.crt')).validTo) / 1000;
    expect(Math.abs(validTo - 30 * 86400 - renewAfter)).toBeLessThan(120); // 30 days before it expires
    const withRenewAfter = (at: number) => ({
      ...first,
      metadata: {
        ...first.metadata,
        annotations: { ...first.metadata.annotations, 'todo.dev/renew-after': String(at) },
      },
    });

    const now = Math.floor(Date.now() / 1000);
    const kept = await renderWithExisting(withRenewAfter(now + 3600));
    expect(kept.data).toEqual(first.data);

    const renewed = await renderWithExisting(withRenewAfter(now - 1));
    expect(renewed.data['ca.crt']).toBe(first.data['ca.crt']);
    expect(renewed.data['tls.crt']).not.toBe(first.data['tls.crt']);
    const cert = new X509Certificate(pem(renewed, 'tls.crt'));
    expect(cert.verify(new X509Certificate(pem(first, 'ca.crt')).publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe(new X509Certificate(pem(first, 'tls.crt')).subjectAltName);
    expect(Number(renewed.metadata.annotations!['todo.dev/renew-after'])).toBeGreaterThan(now + 3000 * 86400);

    // A Secret from before the CA key was kept: left as it is (docs: delete it to renew).
    const old = { ...first, data: { ...first.data }, metadata: { ...first.metadata, annotations: {} } };
    delete old.data['ca.key'];
    expect((await renderWithExisting(old)).data).toEqual(old.data);
  });

  it('the database reloads a changed certificate without a restart (a native sidecar), clients see only ca.crt', async () => {
    const objects = await render(tls);
    const pod = byName(objects, 'StatefulSet', 'todo-database')!.spec.template.spec;
    const [reload] = pod.initContainers;
    expect(reload).toMatchObject({ name: 'tls-reload', restartPolicy: 'Always', image: pod.containers[0].image });
    expect(reload.args[0]).toContain('SELECT pg_reload_conf()');
    expect(reload.volumeMounts.map((m: Loose) => m.mountPath).sort()).toEqual([
      '/etc/postgresql/tls',
      '/var/run/postgresql',
    ]);
    const backend = byName(objects, 'Deployment', 'todo-backend')!.spec.template.spec;
    expect(backend.volumes.find((v: Loose) => v.name === 'database-ca').secret.items).toEqual([
      { key: 'ca.crt', path: 'ca.crt' },
    ]);
  });

  it('custom resources are rendered only into a cluster that serves them, naming what installs them', async () => {
    expect(await renderError(['--set', 'mesh.enabled=true'])).toContain(
      'HTTPRoute (gateway.networking.k8s.io/v1) is not installed in this cluster: install Linkerd with the Gateway API CRDs',
    );
    expect(await renderError(['--set', 'monitoring.mode=serviceMonitor'])).toContain(
      'ServiceMonitor (monitoring.coreos.com/v1) is not installed in this cluster: install the Prometheus Operator',
    );
  });

  it('cert-manager issues it when asked, and the render refuses a cluster without cert-manager', async () => {
    const certManager = [...tls, '--set', 'database.tls.certManager.issuerName=todo-ca'];
    expect(await renderError(certManager)).toContain('database.tls.certManager needs cert-manager');
    const objects = await render([...certManager, '--api-versions', 'cert-manager.io/v1/Certificate']);
    expect(byName(objects, 'Secret', 'todo-database-tls')).toBeUndefined();
    const certificate = byName(objects, 'Certificate', 'todo-database')!;
    expect(certificate.spec).toMatchObject({
      secretName: 'todo-database-tls',
      issuerRef: { name: 'todo-ca', kind: 'Issuer', group: 'cert-manager.io' },
      renewBefore: '720h',
    });
    expect(certificate.spec.dnsNames).toContain('todo-database.todo.svc.cluster.local');
  });
});

describe('pods', () => {
  it('every container asks for local disk within limits, and every emptyDir has a size limit', async () => {
    for (const [id, template] of podTemplates(await render(everyFeature))) {
      for (const container of [...template.spec.containers, ...(template.spec.initContainers ?? [])]) {
        expect(container.resources.requests['ephemeral-storage'], `${id} ${container.name}`).toBeDefined();
        expect(container.resources.limits['ephemeral-storage'], `${id} ${container.name}`).toBeDefined();
      }
      for (const volume of template.spec.volumes ?? [])
        if (volume.emptyDir) expect(volume.emptyDir.sizeLimit, `${id} ${volume.name}`).toMatch(/^\d+Mi$/);
    }
  });

  it("production's database is Guaranteed: requests equal limits in every container", async () => {
    const pod = byName(await render(production), 'StatefulSet', 'todo-database')!.spec.template.spec;
    for (const container of [...pod.containers, ...pod.initContainers])
      expect(container.resources.requests, container.name).toEqual(container.resources.limits);
  });

  it('scheduling knobs, pod and ServiceAccount annotations reach the pods they name, and nothing else', async () => {
    const objects = await render([
      ...['--set', 'backend.scheduling.nodeSelector.pool=api', '--set', 'database.scheduling.priorityClassName=db'],
      ...['--set-json', 'frontend.scheduling.tolerations=[{"key":"web","operator":"Exists","effect":"NoSchedule"}]'],
      ...['--set-string', 'backend.podAnnotations.team=todo'],
      ...['--set-string', 'backend.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::1:role/todo'],
    ]);
    const pods = podTemplates(objects);
    expect(pods.get('Deployment/todo-backend')!.spec.nodeSelector).toEqual({ pool: 'api' });
    expect(pods.get('Deployment/todo-backend')!.metadata.annotations.team).toBe('todo');
    expect(pods.get('StatefulSet/todo-database')!.spec.priorityClassName).toBe('db');
    expect(pods.get('Deployment/todo-frontend')!.spec.tolerations).toEqual([
      { key: 'web', operator: 'Exists', effect: 'NoSchedule' },
    ]);
    expect(pods.get('Deployment/todo-frontend')!.spec.nodeSelector).toBeUndefined();
    expect(byName(objects, 'ServiceAccount', 'todo-backend')!.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/todo',
    });
    expect(byName(objects, 'ServiceAccount', 'todo-frontend')!.metadata.annotations).toBeUndefined();
  });

  it('helm tests give up in time and check more than readiness', async () => {
    const objects = await render([]);
    const script = (name: string) => byName(objects, 'Pod', name)!.spec.containers[0].command[2];
    for (const name of ['todo-test-backend', 'todo-test-frontend']) {
      expect(byName(objects, 'Pod', name)!.spec.activeDeadlineSeconds).toBe(120);
      expect(script(name)).toContain('AbortSignal.timeout(10000)');
      expect(script(name)).toContain('/tasks", 401'); // the API refuses a call without a session
    }
    expect(script('todo-test-frontend')).toContain('"/sign-in", 200');
  });

  it("Jaeger's UI, which has no login, is let in only from the namespaces named", async () => {
    const jaeger = ['--set', 'tracing.jaeger.enabled=true'];
    const uiRules = (objects: Obj[]) =>
      byName(objects, 'NetworkPolicy', 'todo-jaeger')!.spec.ingress.filter((r: Loose) => r.ports[0].port === 'ui');
    expect(uiRules(await render(jaeger))).toEqual([]);
    const named = uiRules(await render([...jaeger, '--set', 'tracing.jaeger.uiNamespaces={oauth2-proxy}']));
    expect(named.map((r: Loose) => r.from)).toEqual([
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'oauth2-proxy' } } }],
    ]);
  });

  it('NOTES.txt gives Minikube steps only for local images', async () => {
    const notes = async (...args: string[]) => {
      const { stdout } = await promisify(execFile)(await kubeTool('helm'), [
        ...['install', 'todo', chartDir, '-n', 'todo', '--dry-run=client'],
        ...args,
      ]);
      return stdout.slice(stdout.indexOf('NOTES:'));
    };
    expect(await notes('-f', join(root, 'deploy/environments/local.yaml'))).toContain('minikube ip');
    const productionNotes = await notes(...production);
    expect(productionNotes).not.toContain('minikube');
    expect(productionNotes).toContain('Point the DNS name todo.example.com');
  });
});
