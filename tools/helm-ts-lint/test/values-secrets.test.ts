import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { existingSecretsIn } from '../src/values-secrets.js';

it('collects the Secrets that values files name as existingSecret, at any depth', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'values-'));
  const a = join(dir, 'a.yaml');
  const b = join(dir, 'b.yaml');
  await writeFile(a, 'auth:\n  existingSecret: todo-auth\ndatabase:\n  auth:\n    existingSecret: ""\n');
  await writeFile(b, 'database:\n  external:\n    existingSecret: db-url\n');
  expect((await existingSecretsIn([a, b])).sort()).toEqual(['db-url', 'todo-auth']);
});
