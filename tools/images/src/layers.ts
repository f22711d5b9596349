import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LayerFile {
  layer: number;
  path: string;
  /** The file's bytes (files up to 2 MiB; larger ones are binaries such as node itself). */
  read(): Promise<Buffer | undefined>;
}

/** Every file of every layer of `image` (from `docker save`), layer by layer, base first. */
export async function imageLayers(image: string): Promise<{ files: LayerFile[]; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'todo-image-'));
  await run('sh', ['-c', `docker save "$1" | tar -x -C "$2"`, 'sh', image, dir], { maxBuffer: 1024 * 1024 });
  const [manifest] = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { Layers: string[] }[];
  const files: LayerFile[] = [];
  for (const [index, layer] of manifest.Layers.entries()) {
    const out = join(dir, `layer-${index}`);
    await mkdir(out);
    await run('tar', ['-x', '-f', join(dir, layer), '-C', out, '--no-same-owner', '--no-same-permissions']);
    for (const path of await walk(out)) {
      const full = join(out, path);
      files.push({
        layer: index,
        path: `/${path}`,
        read: async () => ((await stat(full)).size <= 2 * 1024 * 1024 ? readFile(full) : undefined),
      });
    }
  }
  return { files, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function walk(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) paths.push(...(await walk(dir, path)));
    else paths.push(path);
  }
  return paths;
}
