import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kubeTool } from '@todo/kube-tools';
import { chartDir } from '../../src/paths.js';

const run = promisify(execFile);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered objects, read field by field
type Obj = any;

/** The bundled database's TLS as the chart renders it (database.tls.enabled), its files laid out here as in the pod. */
export interface DatabaseTls {
  dir: string;
  /** The chart's CA (ca.crt), and another render's CA, which did not sign the server's certificate. */
  caFile: string;
  otherCaFile: string;
  /** The server settings of the StatefulSet (`-c` pairs), their paths pointing into `dir`. */
  flags: string[];
  /** The API's ConfigMap. */
  apiEnv: Record<string, string>;
  /** Another render's server certificate and key (PEM): what a renewal puts in the files. */
  otherCertificate: { cert: string; key: string };
  /** The tls-reload sidecar's script, its paths pointing into `dir` (the socket directory: `dir`/run). */
  reloadScript: string;
  remove(): Promise<void>;
}

async function render(set: string[]): Promise<Obj[]> {
  const args = ['template', 'todo', chartDir, '-n', 'todo', '--set', 'database.tls.enabled=true'];
  const { stdout } = await run(await kubeTool('helm'), [...args, ...set.flatMap((s) => ['--set', s])], {
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(stdout).map((d) => d.toJS());
}
const find = (objects: Obj[], kind: string, name: string) =>
  objects.find((o) => o?.kind === kind && o.metadata.name === name);
const pem = (secret: Obj, key: string) => Buffer.from(secret.data[key], 'base64').toString('utf8');

/**
 * Renders the chart with `set` and writes the Secret's files and pg_hba.conf to a temporary directory. The key file is
 * as the kubelet writes it: owned by root, the group of the server's user (the pod's fsGroup), the volume's
 * defaultMode; run as another user, it is the server's own with mode 0600 (PostgreSQL accepts those two).
 */
export async function renderDatabaseTls(set: string[] = []): Promise<DatabaseTls> {
  const objects = await render(set);
  const secret = find(objects, 'Secret', 'todo-database-tls');
  const pod = find(objects, 'StatefulSet', 'todo-database').spec.template.spec;
  const dir = await mkdtemp(join(tmpdir(), 'database-tls-'));
  await chmod(dir, 0o755);
  for (const key of ['ca.crt', 'tls.crt', 'tls.key']) await writeFile(join(dir, key), pem(secret, key));
  const other = find(await render([]), 'Secret', 'todo-database-tls');
  await writeFile(join(dir, 'other-ca.crt'), pem(other, 'ca.crt'));
  await writeFile(join(dir, 'pg_hba.conf'), find(objects, 'ConfigMap', 'todo-database-hba').data['pg_hba.conf']);
  if (userInfo().uid === 0) {
    const { stdout } = await run('id', ['-g', 'postgres']);
    const { defaultMode } = pod.volumes.find((v: Obj) => v.name === 'tls').secret;
    for (const key of ['tls.crt', 'tls.key']) {
      await chown(join(dir, key), 0, Number(stdout));
      await chmod(join(dir, key), defaultMode);
    }
  } else {
    await chmod(join(dir, 'tls.key'), 0o600);
  }
  const flags = (pod.containers[0].args as string[]).map((arg) =>
    arg.replace('/etc/postgresql/tls/', `${dir}/`).replace('/etc/postgresql/hba/', `${dir}/`),
  );
  // The image's socket directory (/var/run/postgresql, shared with the sidecar), here in `dir`.
  await mkdir(join(dir, 'run'));
  await chmod(join(dir, 'run'), 0o777);
  flags.push('-c', `unix_socket_directories=${join(dir, 'run')}`);
  const sidecar = pod.initContainers.find((c: Obj) => c.name === 'tls-reload');
  const reloadScript = (sidecar.args[0] as string)
    .replaceAll('/etc/postgresql/tls/', `${dir}/`)
    .replaceAll('/var/run/postgresql', join(dir, 'run'));
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    otherCaFile: join(dir, 'other-ca.crt'),
    flags,
    apiEnv: find(objects, 'ConfigMap', 'todo-backend').data,
    reloadScript,
    otherCertificate: { cert: pem(other, 'tls.crt'), key: pem(other, 'tls.key') },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
