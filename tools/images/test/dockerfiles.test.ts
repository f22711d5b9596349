import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Dockerfile rules in the spirit of hadolint, for the project's own Dockerfiles.
const root = resolve(import.meta.dirname, '../../..');
const dockerfiles = ['apps/backend/Dockerfile', 'apps/frontend/Dockerfile'];

/** Instructions with continuation lines joined and comments dropped. */
function instructions(path: string): { op: string; args: string }[] {
  return readFileSync(resolve(root, path), 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe.each(dockerfiles)('%s', (path) => {
  const all = instructions(path);
  const stages = all.reduce<{ op: string; args: string }[][]>(
    (acc, i) => (i.op === 'FROM' ? [...acc, [i]] : (acc.at(-1)?.push(i), acc)),
    [],
  );
  const final = stages.at(-1)!;
  const args = Object.fromEntries(
    all.filter((i) => i.op === 'ARG').map((i) => i.args.split('=') as [string, string | undefined]),
  );

  it('pins every base image to a tag that is not latest', () => {
    for (const from of all.filter((i) => i.op === 'FROM')) {
      const image = from.args.split(/\s+/)[0].replace(/^\$\{?(\w+)\}?$/, (_, name: string) => args[name] ?? '');
      expect(image, from.args).toMatch(/^[^:]+(:[\w.-]+|@sha256:[0-9a-f]{64})/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('runs as a numeric non-root user in the final stage', () => {
    const user = final.filter((i) => i.op === 'USER').at(-1)?.args;
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
  });

  it('has a HEALTHCHECK in exec form and an exec-form ENTRYPOINT (signals reach node as PID 1)', () => {
    expect(final.find((i) => i.op === 'HEALTHCHECK')?.args).toMatch(/CMD \[/);
    expect(final.find((i) => i.op === 'ENTRYPOINT')?.args).toMatch(/^\[/);
  });

  it('runs no package manager and no shell command in the image: at most node itself, in exec form', () => {
    for (const run of all.filter((i) => i.op === 'RUN')) expect(run.args).toMatch(/^\["node", /);
  });

  it('puts no secret into ENV or ARG', () => {
    for (const i of all.filter((x) => x.op === 'ENV' || x.op === 'ARG')) {
      expect(i.args).not.toMatch(/(SECRET|PASSWORD|TOKEN|API_KEY|PRIVATE)\w*\s*=/i);
    }
  });

  it('copies nothing but build output', () => {
    for (const copy of all.filter((i) => i.op === 'COPY' && !i.args.includes('--from='))) {
      expect(copy.args).toMatch(/apps\/\w+\/(dist|migrations|\.next\/standalone) /);
    }
  });
});
