import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { execFile } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { chartDir } from '../src/paths.js';
import { leafKeys, readParams, renderedReadme } from '../src/values-docs.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
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
/** A database of the user's instead of the StatefulSet: its URL in the Secret `db`, 50 connections. */
const externalDatabase = ['enabled=true', 'existingSecret=db', 'maxConnections=50'].flatMap((value) => [
  '--set',
  `database.external.${value}`,
]);

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
    expect(current, 'run: npx nx run deploy:values-docs').toBe(expected);
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

  it("gives the frontend a writable emptyDir where Next.js caches optimised images (the image's .next/cache)", async () => {
    const frontend = byName(await render(), 'Deployment', 'todo-frontend')!;
    const [container] = frontend.spec.template.spec.containers;
    // FRONTEND_CACHE_DIR of tools/images, whose container test proves images are cached there.
    const mount = container.volumeMounts.find((m: Loose) => m.mountPath === '/app/apps/frontend/.next/cache');
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(frontend.spec.template.spec.volumes.find((v: Loose) => v.name === mount?.name)?.emptyDir).toBeDefined();
  });

  it('production: autoscaling from 3, disruption budgets, the given certificate, the auth secret from outside', async () => {
    const objects = await render('-f', envFile('production'));
    expect(byKind(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.minReplicas)).toEqual([3, 3]);
    expect(byKind(objects, 'PodDisruptionBudget')).toHaveLength(2);
    expect(byKind(objects, 'Ingress')[0].spec.tls[0].secretName).toBe('todo-tls');
    expect(byKind(objects, 'Secret').map((s) => s.metadata.name)).not.toContain('todo-auth');
    const backend = byKind(objects, 'Deployment').find((d) => d.metadata.name === 'todo-backend')!;
    const authSecret = backend.spec.template.spec.containers[0].env.find(
      (e: { name: string }) => e.name === 'BETTER_AUTH_SECRET',
    );
    expect(authSecret.valueFrom.secretKeyRef.name).toBe('todo-auth');
  });

  it('routes the public entry to the frontend only, and each app trusts exactly the proxy in front of it', async () => {
    const objects = await render();
    const paths = byKind(objects, 'Ingress').flatMap((i) => i.spec.rules.flatMap((r: Loose) => r.http.paths));
    expect(paths.map((p: Loose) => p.backend.service.name)).toEqual(['todo-frontend']);
    // The ingress controller and the frontend are pods: private addresses, and nothing else reaches either app.
    expect(byName(objects, 'ConfigMap', 'todo-frontend')!.data.TRUST_PROXY).toBe('uniquelocal');
    expect(byName(objects, 'ConfigMap', 'todo-backend')!.data.TRUST_PROXY).toBe('uniquelocal');
    const backendPeers = byName(objects, 'NetworkPolicy', 'todo-backend')!.spec.ingress.flatMap((rule: Loose) =>
      rule.from.map((peer: Loose) => peer.podSelector?.matchLabels['app.kubernetes.io/component']),
    );
    expect(new Set(backendPeers)).toEqual(new Set(['frontend', 'tests']));
  });

  it('keeps generated secrets on upgrade and out of values', async () => {
    const objects = await render();
    const secrets = byKind(objects, 'Secret');
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual([
      'todo-auth',
      'todo-backup',
      'todo-database',
      'todo-tls',
    ]);
    for (const secret of secrets) expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    const value = (name: string, key: string) =>
      Buffer.from(secrets.find((s) => s.metadata.name === name)!.data[key], 'base64').toString();
    expect(value('todo-auth', 'BETTER_AUTH_SECRET')).toHaveLength(48);
    expect(value('todo-backup', 'BACKUP_ENCRYPTION_KEY')).toHaveLength(64);
  });

  it('an external database replaces the StatefulSet and the migrations run before install too', async () => {
    const objects = await render(...externalDatabase);
    expect(byKind(objects, 'StatefulSet')).toHaveLength(0);
    const job = byKind(objects, 'Job')[0];
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(
      job.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'DATABASE_URL').valueFrom
        .secretKeyRef.name,
    ).toBe('db');
  });

  it.each(['serviceMonitor', 'annotations', 'off'])('monitoring.mode=%s', async (mode) => {
    const objects = await render(
      ...['--set', `monitoring.mode=${mode}`, '--api-versions', 'monitoring.coreos.com/v1/ServiceMonitor'],
      ...['--api-versions', 'monitoring.coreos.com/v1/PrometheusRule'],
    );
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

  describe('database TLS', () => {
    const env = (container: Loose) =>
      Object.fromEntries((container.env ?? []).map((e: Loose) => [e.name, e.value ?? e.valueFrom]));
    const mounts = (pod: Loose) =>
      pod.containers.flatMap((c: Loose) => c.volumeMounts.map((m: Loose) => `${c.name}:${m.name}:${m.mountPath}`));
    const volume = (pod: Loose, name: string) => pod.volumes.find((v: Loose) => v.name === name);
    const connectionArgs = ['-c', 'max_connections=100', '-c', 'superuser_reserved_connections=3'];

    it('is off by default: no certificate, no server settings, clients as database.ssl.mode says', async () => {
      const objects = await render();
      expect(byName(objects, 'Secret', 'todo-database-tls')).toBeUndefined();
      expect(byName(objects, 'StatefulSet', 'todo-database')!.spec.template.spec.containers[0].args).toEqual(
        connectionArgs,
      );
      expect(byName(objects, 'ConfigMap', 'todo-backend')!.data.DATABASE_SSL_MODE).toBe('disable');
      expect(byName(objects, 'ConfigMap', 'todo-backend')!.data.DATABASE_SSL_CA_FILE).toBeUndefined();
    });

    it('generates a CA and a certificate for the Service and pod names in the release namespace', async () => {
      const objects = await render('--set', 'database.tls.enabled=true');
      const secret = byName(objects, 'Secret', 'todo-database-tls')!;
      expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
      const pem = (key: string) => Buffer.from(secret.data[key], 'base64').toString();
      const ca = new X509Certificate(pem('ca.crt'));
      const cert = new X509Certificate(pem('tls.crt'));
      expect(ca.ca).toBe(true);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(pem('tls.key')))).toBe(true);
      const names = ['', '.todo', '.todo.svc', '.todo.svc.cluster.local'].flatMap((suffix) => [
        `DNS:todo-database${suffix}`,
        ...(suffix ? [`DNS:todo-database-0.todo-database${suffix}`] : []),
      ]);
      expect(cert.subjectAltName!.split(', ').sort()).toEqual(names.sort());
    });

    it('starts PostgreSQL with TLS only, and gives every client verify-full and the CA (never the key)', async () => {
      const objects = await render('--set', 'database.tls.enabled=true');
      const db = byName(objects, 'StatefulSet', 'todo-database')!.spec.template.spec;
      expect(db.containers[0].args).toEqual([
        ...connectionArgs,
        ...['-c', 'ssl=on', '-c', 'ssl_cert_file=/etc/postgresql/tls/tls.crt'],
        ...['-c', 'ssl_key_file=/etc/postgresql/tls/tls.key', '-c', 'ssl_min_protocol_version=TLSv1.2'],
        ...['-c', 'hba_file=/etc/postgresql/hba/pg_hba.conf'],
      ]);
      expect(volume(db, 'tls').secret).toMatchObject({ secretName: 'todo-database-tls', defaultMode: 0o440 });
      expect(db.securityContext.fsGroup).toBe(999); // the group the kubelet gives the key file
      const hba = byName(objects, 'ConfigMap', 'todo-database-hba')!.data['pg_hba.conf'];
      expect(hba).toMatch(/^hostnossl\s+all\s+all\s+all\s+reject$/m);

      expect(byName(objects, 'ConfigMap', 'todo-backend')!.data).toMatchObject({
        DATABASE_SSL_MODE: 'verify-full',
        DATABASE_SSL_CA_FILE: '/etc/database-tls/ca.crt',
      });
      const job = byName(objects, 'Job', 'todo-migrations')!.spec.template.spec;
      expect(env(job.containers[0])).toMatchObject({
        DATABASE_SSL_MODE: 'verify-full',
        DATABASE_SSL_CA_FILE: '/etc/database-tls/ca.crt',
      });
      const backup = byName(objects, 'CronJob', 'todo-backup')!.spec.jobTemplate.spec.template.spec;
      expect(env(backup.containers[0])).toMatchObject({
        PGSSLMODE: 'verify-full',
        PGSSLROOTCERT: '/etc/database-tls/ca.crt',
      });
      const backend = byName(objects, 'Deployment', 'todo-backend')!.spec.template.spec;
      for (const [pod, container] of [
        [backend, 'backend'],
        [job, 'migrate'],
        [backup, 'backup'],
      ]) {
        expect(mounts(pod)).toContain(`${container}:database-ca:/etc/database-tls`);
        expect(volume(pod, 'database-ca').secret).toEqual({
          secretName: 'todo-database-tls',
          items: [{ key: 'ca.crt', path: 'ca.crt' }],
        });
      }
      // ops:restore builds its Job from the CronJob, so it connects the same way (tools/ops/test/backup-jobs.test.ts).
    });

    it('takes an existing Secret, and refuses an external database', async () => {
      const objects = await render('--set', 'database.tls.enabled=true', '--set', 'database.tls.existingSecret=pg-tls');
      expect(byName(objects, 'Secret', 'todo-database-tls')).toBeUndefined();
      const db = byName(objects, 'StatefulSet', 'todo-database')!.spec.template.spec;
      expect(volume(db, 'tls').secret.secretName).toBe('pg-tls');
      await expect(render('--set', 'database.tls.enabled=true', ...externalDatabase)).rejects.toThrow(
        /database.tls.enabled is for the bundled database/,
      );
    });

    it('an external database with verify-full: the system CAs for the API, migrations and backups', async () => {
      const objects = await render(...externalDatabase, '--set', 'database.ssl.mode=verify-full');
      expect(byName(objects, 'ConfigMap', 'todo-backend')!.data.DATABASE_SSL_CA_FILE).toBe('system');
      const backup = byName(objects, 'CronJob', 'todo-backup')!.spec.jobTemplate.spec.template.spec;
      expect(env(backup.containers[0]).PGSSLROOTCERT).toBe('system');
      expect(volume(backup, 'database-ca')).toBeUndefined();
    });
  });

  describe('backups', () => {
    const cronJob = (objects: Obj[]) => byKind(objects, 'CronJob')[0];
    const podSpec = (objects: Obj[]) => cronJob(objects).spec.jobTemplate.spec.template.spec;

    it("run on a schedule in the database's own image, as its postgres user, locked down", async () => {
      const objects = await render();
      const database = byKind(objects, 'StatefulSet')[0].spec.template.spec;
      const spec = podSpec(objects);
      expect(cronJob(objects).spec.concurrencyPolicy).toBe('Forbid');
      expect(database.containers[0].image).toBe('postgres:17.6-bookworm');
      expect(spec.containers.map((c: Loose) => [c.name, c.image])).toEqual([['backup', database.containers[0].image]]);
      expect(spec.securityContext).toEqual(database.securityContext);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999, fsGroup: 999 });
      expect(spec.automountServiceAccountToken).toBe(false);
      const [backup] = spec.containers;
      expect(backup.securityContext).toMatchObject({ readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(backup.command).toEqual(['bash', '/scripts/backup.sh']);
      expect(backup.volumeMounts.map((m: Loose) => m.mountPath).sort()).toEqual([
        '/backups',
        '/etc/backup-key',
        '/scripts',
        '/tmp',
      ]);
      const claim = byKind(objects, 'PersistentVolumeClaim').find((c) => c.metadata.name === 'todo-backup')!;
      expect(claim.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
      const scripts = byKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'todo-backup-scripts')!;
      expect(Object.keys(scripts.data).sort()).toEqual(['backup.sh', 'common.sh', 'restore.sh']);
      expect(scripts.data['backup.sh']).toBe(readFileSync(join(chartDir, 'files/backup/backup.sh'), 'utf8'));
    });

    it('backup.enabled=false renders none of it', async () => {
      const objects = await render('--set', 'backup.enabled=false');
      expect(objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'backup')).toEqual([]);
      const database = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'todo-database')!;
      expect(JSON.stringify(database.spec.ingress)).not.toContain('backup');
    });

    it('backup.s3.enabled uploads after the backup, and may reach only the storage besides the database', async () => {
      const s3 = ['bucket=b', 'existingSecret=s3', 'endpoint=http://minio.storage:9000', 'egressPort=9000'];
      const objects = await render(
        '--set',
        'backup.s3.enabled=true',
        ...s3.flatMap((v) => ['--set', `backup.s3.${v}`]),
      );
      const spec = podSpec(objects);
      expect(spec.initContainers.map((c: Loose) => c.name)).toEqual(['backup']);
      expect(spec.containers.map((c: Loose) => c.name)).toEqual(['upload']);
      expect(spec.containers[0].args).toEqual(
        expect.arrayContaining(['sync', '/backups', 's3://b/todo', '--endpoint-url', 'http://minio.storage:9000']),
      );
      const policy = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'todo-backup')!;
      expect(policy.spec.egress.map((rule: Loose) => rule.ports[0].port)).toEqual([5432, 9000]);
      await expect(render('--set', 'backup.s3.enabled=true')).rejects.toThrow(/backup.s3.bucket is required/);
    });
  });

  describe('log shipping', () => {
    const pipeline = (objects: Obj[]) =>
      parse(byKind(objects, 'ConfigMap').find((c) => c.metadata.name === 'todo-log-shipper')!.data['fluent-bit.yaml']);

    it('is off by default', async () => {
      expect(byKind(await render(), 'DaemonSet')).toEqual([]);
    });

    it("tails only this release's container logs and takes pod, namespace and container from the file name", async () => {
      const config = pipeline(await render('--set', 'logShipping.enabled=true'));
      const [tail] = config.pipeline.inputs;
      expect(tail).toMatchObject({
        name: 'tail',
        path: '/var/log/containers/todo-*_todo_*.log',
        'multiline.parser': 'cri',
      });
      const fileParser = config.parsers.find((p: Loose) => p.name === 'k8s-log-file');
      const name = `/var/log/containers/todo-backend-7d9f8b6c5-x2x9k_todo_backend-${'ab12'.repeat(16)}.log`;
      expect(new RegExp(fileParser.regex).exec(name)?.groups).toEqual({
        pod: 'todo-backend-7d9f8b6c5-x2x9k',
        namespace: 'todo',
        container: 'backend',
        container_id: 'ab12'.repeat(16),
      });
      expect(config.pipeline.filters.map((f: Loose) => [f.key_name, f.parser])).toEqual([
        ['filename', 'k8s-log-file'],
        ['log', 'app-json'],
      ]);
      expect(config.pipeline.outputs).toEqual([
        expect.objectContaining({ name: 'loki', host: 'loki.logging.svc.cluster.local', port: 3100, tls: 'off' }),
      ]);
    });

    it('ships to Elasticsearch with daily indices and credentials from a Secret', async () => {
      const objects = await render(
        ...['output=elasticsearch', 'host=es.logging', 'port=9200', 'elasticsearch.existingSecret=es-auth'].flatMap(
          (v) => ['--set', `logShipping.${v}`],
        ),
        '--set',
        'logShipping.enabled=true',
      );
      expect(pipeline(objects).pipeline.outputs[0]).toMatchObject({
        name: 'es',
        host: 'es.logging',
        port: 9200,
        logstash_format: 'on',
        logstash_prefix: 'todo',
        http_user: '${ES_USER}',
        http_passwd: '${ES_PASSWORD}',
      });
      const [fluentBit] = byKind(objects, 'DaemonSet')[0].spec.template.spec.containers;
      expect(fluentBit.env.map((e: Loose) => e.valueFrom.secretKeyRef.name)).toEqual(['es-auth', 'es-auth']);
    });

    it('reads node logs read-only, without an API token or capabilities, and says why it runs as root', async () => {
      const [daemonSet] = byKind(await render('--set', 'logShipping.enabled=true'), 'DaemonSet');
      const spec = daemonSet.spec.template.spec;
      expect(spec.automountServiceAccountToken).toBe(false);
      // Only the pod log paths of the node (/var/log/containers holds symlinks into /var/log/pods), read-only.
      expect(spec.volumes.filter((v: Loose) => v.hostPath).map((v: Loose) => v.hostPath.path)).toEqual([
        '/var/log/pods',
        '/var/log/containers',
      ]);
      for (const mount of spec.containers[0].volumeMounts.filter((m: Loose) => m.mountPath.startsWith('/var/log')))
        expect(mount.readOnly).toBe(true);
      // No blanket toleration: it goes where the release's pods go, plus what logShipping.tolerations adds.
      expect(spec.tolerations).toBeUndefined();
      // Its own namespace by default: the release's keeps restricted Pod Security.
      expect(daemonSet.metadata).toMatchObject({ namespace: 'logging' });
      expect(spec.containers[0].securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(daemonSet.metadata.annotations?.['ignore-check.helm-ts-lint/containers']).toMatch(
        /root-owned container log files/,
      );
    });

    it('refuses the restricted namespace the chart creates', async () => {
      const shippedFrom = (namespace: string) =>
        render(
          ...['--set', 'logShipping.enabled=true', '--set', 'namespace.create=true'],
          ...['--set', `logShipping.namespace=${namespace}`],
        );
      for (const namespace of ['', 'todo'])
        await expect(shippedFrom(namespace)).rejects.toThrow(/set logShipping.namespace to a namespace that allows it/);
      const objects = await shippedFrom('logging');
      expect(byKind(objects, 'DaemonSet')[0].metadata).toMatchObject({ namespace: 'logging' });
    });
  });

  describe('chat', () => {
    const chatEnv = (objects: Obj[]) => {
      const data = byName(objects, 'ConfigMap', 'todo-backend')!.data;
      return Object.fromEntries(
        Object.entries(data).filter(([key]) => key.startsWith('OPENAI_') || key.startsWith('CHAT_')),
      );
    };
    const llmRules = (objects: Obj[]) =>
      byName(objects, 'NetworkPolicy', 'todo-backend')!.spec.egress.filter((rule: Loose) =>
        rule.to.some((peer: Loose) => peer.ipBlock || peer.namespaceSelector),
      );
    const apiKeyEnv = (objects: Obj[]) =>
      byName(objects, 'Deployment', 'todo-backend')!.spec.template.spec.containers[0].env.find(
        (e: { name: string }) => e.name === 'OPENAI_API_KEY',
      );

    it('is off by default: no provider settings, no key, no egress to a provider', async () => {
      const objects = await render('--set', 'chat.apiKey.existingSecret=llm');
      expect(chatEnv(objects)).toEqual({});
      expect(apiKeyEnv(objects)).toBeUndefined();
      expect(llmRules(objects)).toEqual([]);
    });

    it('enabled: the settings in the ConfigMap, the key from the existing Secret, HTTPS egress to the CIDRs', async () => {
      const objects = await render(
        ...['--set', 'chat.enabled=true', '--set', 'chat.apiKey.existingSecret=llm'],
        ...['--set', 'networkPolicy.llmEgress.cidrs={203.0.113.0/24}'],
      );
      expect(chatEnv(objects)).toEqual({
        OPENAI_BASE_URL: 'https://api.openai.com/v1',
        OPENAI_MODEL: 'gpt-4o-mini',
        CHAT_TIMEOUT_MS: '60000',
        CHAT_MAX_TOOL_ROUNDS: '5',
        CHAT_RATE_LIMIT_MAX: '20',
      });
      expect(apiKeyEnv(objects)).toEqual({
        name: 'OPENAI_API_KEY',
        valueFrom: { secretKeyRef: { name: 'llm', key: 'OPENAI_API_KEY' } },
      });
      expect(llmRules(objects)).toEqual([
        { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 443, protocol: 'TCP' }] },
      ]);
    });

    it('an in-cluster Ollama: egress to its namespace on the URL port, and no key', async () => {
      const objects = await render(
        ...['--set', 'chat.enabled=true', '--set', 'chat.baseUrl=http://ollama.ollama:11434/v1'],
        ...['--set', 'networkPolicy.llmEgress.namespace=ollama'],
        ...['--set', 'networkPolicy.llmEgress.podLabels.app=ollama'],
      );
      expect(apiKeyEnv(objects)).toBeUndefined();
      expect(llmRules(objects)).toEqual([
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ollama' } },
              podSelector: { matchLabels: { app: 'ollama' } },
            },
          ],
          ports: [{ port: 11434, protocol: 'TCP' }],
        },
      ]);
    });

    it('refuses a base URL that is not http(s)', async () => {
      await expect(render('--set', 'chat.baseUrl=ollama:11434')).rejects.toThrow(/baseUrl/);
    });
  });

  describe('redis', () => {
    const redisEnv = (objects: Obj[]) => {
      const data = byName(objects, 'ConfigMap', 'todo-backend')!.data;
      return Object.fromEntries(
        Object.entries(data).filter(([key]) => key.startsWith('REDIS_') || key.startsWith('TASK_LIST_')),
      );
    };
    const passwordEnv = (objects: Obj[]) =>
      byName(objects, 'Deployment', 'todo-backend')!.spec.template.spec.containers[0].env.find(
        (e: { name: string }) => e.name === 'REDIS_PASSWORD',
      );
    const redisEgress = (objects: Obj[]) =>
      byName(objects, 'NetworkPolicy', 'todo-backend')!.spec.egress.filter((rule: Loose) =>
        rule.ports.some((p: { port: number }) => p.port === 6379 || p.port === 6380),
      );

    it('is off by default: no Redis, no settings, no password, no egress', async () => {
      const objects = await render();
      expect(objects.filter((o) => o.metadata.name === 'todo-redis')).toEqual([]);
      expect(redisEnv(objects)).toEqual({});
      expect(passwordEnv(objects)).toBeUndefined();
      expect(redisEgress(objects)).toEqual([]);
    });

    it('enabled: a locked-down in-memory StatefulSet with a generated password, wired into the API', async () => {
      const objects = await render('--set', 'redis.enabled=true');
      expect(redisEnv(objects)).toEqual({
        REDIS_URL: 'redis://todo-redis:6379',
        REDIS_TIMEOUT_MS: '500',
        TASK_LIST_CACHE_TTL_SECONDS: '5',
      });
      const secretRef = { secretKeyRef: { name: 'todo-redis', key: 'REDIS_PASSWORD' } };
      expect(passwordEnv(objects)).toEqual({ name: 'REDIS_PASSWORD', valueFrom: secretRef });
      const secret = byName(objects, 'Secret', 'todo-redis')!;
      expect(secret.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
      expect(Buffer.from(secret.data.REDIS_PASSWORD, 'base64').toString()).toMatch(/^[A-Za-z0-9]{32}$/);

      const set = byName(objects, 'StatefulSet', 'todo-redis')!;
      const pod = set.spec.template.spec;
      const [container] = pod.containers;
      expect(container.image).toBe('redis:8.2.2-alpine');
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
      expect(container.securityContext).toMatchObject({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
        expect(container[probe].exec.command.join(' ')).toContain('redis-cli -h 127.0.0.1 ping');
      expect(container.env[0]).toEqual({ name: 'REDIS_PASSWORD', valueFrom: secretRef });
      expect(container.command.join(' ')).not.toMatch(/[A-Za-z0-9]{32}/); // the password only from the env
      expect(set.spec.volumeClaimTemplates).toBeUndefined(); // a cache: nothing on disk
      const conf = byName(objects, 'ConfigMap', 'todo-redis')!.data['redis.conf'];
      expect(conf).toContain('save ""');
      expect(conf).toContain('appendonly no');
      expect(conf).toContain('maxmemory-policy allkeys-lru');

      expect(byName(objects, 'Service', 'todo-redis')!.spec.ports).toEqual([
        { name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' },
      ]);
      expect(redisEgress(objects)).toEqual([
        {
          to: [
            {
              podSelector: {
                matchLabels: { 'app.kubernetes.io/instance': 'todo', 'app.kubernetes.io/component': 'redis' },
              },
            },
          ],
          ports: [{ port: 6379, protocol: 'TCP' }],
        },
      ]);
      const ingress = byName(objects, 'NetworkPolicy', 'todo-redis')!.spec.ingress;
      expect(ingress).toEqual([
        {
          from: [
            {
              podSelector: {
                matchLabels: { 'app.kubernetes.io/instance': 'todo', 'app.kubernetes.io/component': 'backend' },
              },
            },
          ],
          ports: [{ port: 'redis', protocol: 'TCP' }],
        },
      ]);
    });

    it('takes the password from redis.auth.existingSecret instead', async () => {
      const objects = await render('--set', 'redis.enabled=true', '--set', 'redis.auth.existingSecret=cache');
      expect(byName(objects, 'Secret', 'todo-redis')).toBeUndefined();
      expect(passwordEnv(objects).valueFrom.secretKeyRef).toEqual({ name: 'cache', key: 'REDIS_PASSWORD' });
    });

    it('an external Redis: its URL, egress to its CIDRs on its port, a password only if given', async () => {
      const objects = await render(
        ...['--set', 'redis.externalUrl=rediss://cache.example:6380/1'],
        ...['--set', 'redis.egressCidrs={198.51.100.0/24}'],
      );
      expect(byKind(objects, 'StatefulSet').map((s) => s.metadata.name)).toEqual(['todo-database']);
      expect(redisEnv(objects).REDIS_URL).toBe('rediss://cache.example:6380/1');
      expect(passwordEnv(objects)).toBeUndefined();
      expect(redisEgress(objects)).toEqual([
        { to: [{ ipBlock: { cidr: '198.51.100.0/24' } }], ports: [{ port: 6380, protocol: 'TCP' }] },
      ]);
      const withPassword = await render(
        ...['--set', 'redis.externalUrl=redis://cache.example'],
        ...['--set', 'redis.auth.existingSecret=cache'],
      );
      expect(passwordEnv(withPassword).valueFrom.secretKeyRef.name).toBe('cache');
      expect(redisEgress(withPassword)[0].ports).toEqual([{ port: 6379, protocol: 'TCP' }]);
    });

    it('refuses both at once, and a URL with a password or of another scheme', async () => {
      await expect(
        render('--set', 'redis.enabled=true', '--set', 'redis.externalUrl=redis://cache.example'),
      ).rejects.toThrow(/redis.enabled and redis.externalUrl exclude each other/);
      await expect(render('--set', 'redis.externalUrl=redis://:secret@cache.example')).rejects.toThrow(/externalUrl/);
      await expect(render('--set', 'redis.externalUrl=http://cache.example')).rejects.toThrow(/externalUrl/);
    });
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

  describe('the mesh', () => {
    const mesh = ['--set', 'mesh.enabled=true', '--api-versions', 'gateway.networking.k8s.io/v1/HTTPRoute'];
    const podAnnotations = (object: Obj): Record<string, string> =>
      (object.kind === 'CronJob'
        ? object.spec.jobTemplate.spec.template
        : object.kind === 'Pod'
          ? object
          : object.spec.template
      ).metadata.annotations ?? {};
    const inject = 'linkerd.io/inject';
    const nativeSidecar = 'config.beta.linkerd.io/proxy-enable-native-sidecar';
    const policy = (objects: Obj[], name: string) => byName(objects, 'NetworkPolicy', `todo-${name}`)!.spec;
    const ports = (rules: { ports: { port: number | string }[] }[]) => rules.flatMap((r) => r.ports.map((p) => p.port));

    it('is off by default: no annotation, no route, no proxy port', async () => {
      const objects = await render();
      const workloads = objects.filter((o) => ['Deployment', 'StatefulSet', 'CronJob', 'Job', 'Pod'].includes(o.kind));
      expect(workloads.flatMap((o) => Object.keys(podAnnotations(o))).filter((k) => k.includes('linkerd'))).toEqual([]);
      expect(byKind(objects, 'HTTPRoute')).toEqual([]);
      expect(JSON.stringify(byKind(objects, 'NetworkPolicy'))).not.toMatch(/4143|linkerd/);
    });

    it('meshes the serving pods, runs the proxy of backups and tests as a native sidecar, and leaves the migrations hook out', async () => {
      const objects = await render(...mesh, '--set', 'tracing.jaeger.enabled=true');
      for (const name of ['todo-backend', 'todo-frontend', 'todo-jaeger'])
        expect(podAnnotations(byName(objects, 'Deployment', name)!)).toMatchObject({ [inject]: 'enabled' });
      expect(podAnnotations(byName(objects, 'Deployment', 'todo-backend')!)[nativeSidecar]).toBeUndefined();
      expect(podAnnotations(byName(objects, 'StatefulSet', 'todo-database')!)).toEqual({
        [inject]: 'enabled',
        'config.linkerd.io/proxy-cpu-request': '10m',
        'config.linkerd.io/proxy-memory-request': '32Mi',
        'config.linkerd.io/proxy-cpu-limit': '100m',
        'config.linkerd.io/proxy-memory-limit': '64Mi',
      });
      for (const job of [byName(objects, 'CronJob', 'todo-backup')!, ...byKind(objects, 'Pod')])
        expect(podAnnotations(job)).toMatchObject({ [inject]: 'enabled', [nativeSidecar]: 'true' });
      expect(podAnnotations(byName(objects, 'Job', 'todo-migrations')!)).toMatchObject({ [inject]: 'disabled' });
    });

    it('leaves probes on the app ports (Linkerd authorizes kubelet probes; the node is never filtered)', async () => {
      const [plain, meshed] = [await render(), await render(...mesh)];
      for (const name of ['todo-backend', 'todo-frontend']) {
        const probes = (objects: Obj[]) => {
          const [container] = byName(objects, 'Deployment', name)!.spec.template.spec.containers;
          return [container.startupProbe, container.livenessProbe, container.readinessProbe];
        };
        expect(probes(meshed)).toEqual(probes(plain));
      }
    });

    it('lets the proxies reach the control plane, be scraped by linkerd-viz, and meshed peers in on 4143', async () => {
      const objects = await render(...mesh);
      const allow = policy(objects, 'allow-mesh');
      expect(allow.podSelector.matchExpressions).toContainEqual({
        key: 'app.kubernetes.io/component',
        operator: 'NotIn',
        values: ['migrations'],
      });
      expect(allow.egress).toEqual([
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'linkerd' } } }],
          ports: [8080, 8086, 8090].map((port) => ({ port, protocol: 'TCP' })),
        },
      ]);
      expect(allow.ingress[0].ports).toEqual([{ port: 4191, protocol: 'TCP' }]);
      expect(ports(policy(objects, 'backend').ingress)).toEqual(['http', 4143]);
      expect(ports(policy(objects, 'backend').egress)).toEqual([5432, 4143]);
      expect(ports(policy(objects, 'frontend').egress)).toEqual([8080, 4143]);
      expect(ports(policy(objects, 'migrations').egress)).toEqual([5432]);
      expect(ports(policy(objects, 'backup').egress)).toEqual([5432, 4143]);
      const database = policy(objects, 'database').ingress;
      expect(database[1].ports).toEqual([{ port: 4143, protocol: 'TCP' }]);
      expect(database[1].from.map((p: Loose) => p.podSelector.matchLabels['app.kubernetes.io/component'])).toEqual([
        'backend',
        'backup',
      ]);
      const noViz = await render(...mesh, '--set', 'mesh.vizNamespace=', '--set', 'mesh.controlPlaneNamespace=mesh');
      expect(policy(noViz, 'allow-mesh').ingress).toBeUndefined();
      expect(policy(noViz, 'allow-mesh').egress[0].to[0].namespaceSelector.matchLabels).toEqual({
        'kubernetes.io/metadata.name': 'mesh',
      });
    });

    it('gives the log shipper, wherever it runs, its own way to the control plane', async () => {
      const objects = await render(
        ...mesh,
        '--set',
        'logShipping.enabled=true',
        '--set',
        'logShipping.namespace=logging',
      );
      const shipper = policy(objects, 'log-shipper');
      expect(shipper.egress[0].to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name']).toBe('linkerd');
      expect(shipper.ingress[0].ports).toEqual([{ port: 4191, protocol: 'TCP' }]);
      expect(podAnnotations(byName(objects, 'DaemonSet', 'todo-log-shipper')!)).toMatchObject({ [inject]: 'enabled' });
    });

    it('retries only GETs to the API and times every route out after the chat deadline', async () => {
      const objects = await render(...mesh, '--set', 'chat.timeoutSeconds=90');
      const routes = byKind(objects, 'HTTPRoute');
      for (const route of routes) new HTTPRoute(route as Loose).validate(); // the Gateway API's own schema
      const reads = byName(objects, 'HTTPRoute', 'todo-backend-reads')!;
      const rest = byName(objects, 'HTTPRoute', 'todo-backend')!;
      const parent = [{ group: 'core', kind: 'Service', name: 'todo-backend', port: 8080 }];
      expect(reads.spec.parentRefs).toEqual(parent);
      expect(rest.spec.parentRefs).toEqual(parent);
      expect(reads.spec.rules).toEqual([{ matches: [{ method: 'GET', path: { type: 'PathPrefix', value: '/' } }] }]);
      expect(reads.metadata.annotations).toEqual({
        'retry.linkerd.io/http': '5xx',
        'retry.linkerd.io/limit': '2',
        'retry.linkerd.io/timeout': '5s',
        'timeout.linkerd.io/request': '15s',
      });
      expect(rest.spec.rules).toEqual([{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }]);
      expect(rest.metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '105s' });
    });

    it('rejects a duration Linkerd would not parse', async () => {
      await expect(render(...mesh, '--set', 'mesh.reads.timeout=15')).rejects.toThrow(/timeout/);
      await expect(render(...mesh, '--set', 'mesh.reads.retries=9')).rejects.toThrow(/retries/);
    });
  });
});
