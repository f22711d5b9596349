import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** BETTER_AUTH_SECRET, else one generated once under `dataDir` and kept, so sessions and keys survive restarts. */
export async function authSecret(dataDir: string): Promise<string> {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = join(dataDir, 'auth-secret');
  if (!existsSync(file)) await writeFile(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return (await readFile(file, 'utf8')).trim();
}
