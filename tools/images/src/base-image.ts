import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const script = resolve(import.meta.dirname, '../build-base-image.sh');

/**
 * The base for images built by tests and benchmarks: BASE_IMAGE when set, else the distroless-style base
 * built here from npm's Node binary (no registry needed; built once, then reused).
 */
export async function testBaseImage(): Promise<string> {
  if (process.env.BASE_IMAGE) return process.env.BASE_IMAGE;
  const { stdout } = await promisify(execFile)('bash', [script], { maxBuffer: 1024 * 1024 });
  return stdout.trim().split('\n').at(-1)!;
}
