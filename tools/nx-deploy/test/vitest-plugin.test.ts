// Nx plugins run in the Nx process (the root .env), and @nx/vitest's inference resolves each vitest config with
// Vite, which sets NODE_ENV=development in the process that calls it. The wrapped plugin leaves NODE_ENV as it was,
// so a task started after a fresh inference does not inherit it (`next build` fails under development).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './support/run-deploy.js';

describe('the workspace plugins in the Nx process', () => {
  it('are not isolated (the root .env says so)', () => {
    expect(readFileSync(join(root, '.env'), 'utf8')).toMatch(/^NX_ISOLATE_PLUGINS=false$/m);
  });

  it('leave NODE_ENV unset for tasks after @nx/vitest has inferred every test target afresh', () => {
    const script = join(mkdtempSync(join(tmpdir(), 'node-env-')), 'print.mjs');
    writeFileSync(script, 'console.log(`NODE_ENV=${process.env.NODE_ENV ?? "unset"}`);\n');
    const env = { ...process.env };
    delete env.NODE_ENV; // vitest's own
    const output = execFileSync(
      process.execPath,
      [join(root, 'node_modules/nx/dist/bin/nx.js'), 'exec', '--projects=cli', '--', 'node', script],
      {
        cwd: root,
        encoding: 'utf8',
        // A workspace-data folder of its own: no plugin answers from its cache, so Vite resolves every config.
        env: { ...env, NX_DAEMON: 'false', NX_WORKSPACE_DATA_DIRECTORY: mkdtempSync(join(tmpdir(), 'nx-data-')) },
      },
    );
    expect(output).toContain('NODE_ENV=unset');
  });
});
