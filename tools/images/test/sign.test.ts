import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sbomPath, signArgs } from '../src/signing.js';

// `nx sign` with stand-ins for docker and cosign (cosign cannot be installed here) that print what the real tools
// print and log their arguments; the sign CLI under test is the real one.
const cli = resolve(import.meta.dirname, '../src/sign.ts');
const ID = `sha256:0123456789ab${'cd'.repeat(26)}`;
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const REF = 'ghcr.io/me/todo-backend:id-0123456789ab';

const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
/** A sh script logging its arguments, printing `out` (to stderr, as cosign does) for the first matching pattern. */
function fake(dir: string, name: string, cases: [string, string][]) {
  const branches = cases.map(([pattern, out]) => `  ${pattern}) printf '%s\\n' ${quote(out)} >&2 ;;`);
  const log = `printf '%s\\n' "${name} $*" >> ${quote(join(dir, 'calls.log'))}`;
  writeFileSync(join(dir, name), `#!/bin/sh\n${log}\ncase "$*" in\n${branches.join('\n')}\nesac\n`);
  chmodSync(join(dir, name), 0o755);
}

/** A PATH with docker (and cosign unless `cosign` is false); stdout lines of docker go to stdout. */
function tools({ cosign = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sign-fakes-'));
  writeFileSync(join(dir, 'calls.log'), '');
  const docker = [
    `#!/bin/sh`,
    `printf '%s\\n' "docker $*" >> ${quote(join(dir, 'calls.log'))}`,
    `case "$*" in`,
    `  'image inspect --format {{.Id}} todo-backend:local') printf '%s\\n' ${quote(ID)} ;;`,
    `  'push '*) printf '%s\\n' 'The push refers to repository [ghcr.io/me/todo-backend]' '5f70bf18a086: Pushed' ${quote(`id-0123456789ab: digest: ${DIGEST} size: 1780`)} ;;`,
    `  'image inspect --format {{range .RepoDigests}}{{println .}}{{end}} '*) printf '%s\\n' ${quote(`ghcr.io/me/todo-backend@${DIGEST}`)} ;;`,
    `esac`,
  ];
  writeFileSync(join(dir, 'docker'), docker.join('\n') + '\n');
  chmodSync(join(dir, 'docker'), 0o755);
  if (cosign)
    fake(dir, 'cosign', [
      [
        "'version'",
        'GitVersion:    v2.4.1\nGitCommit:     9a4cfe1aae777984c07ce373d97a65428bbff734\nGitTreeState:  clean',
      ],
      ["'sign '*", 'Pushing signature to: ghcr.io/me/todo-backend'],
    ]);
  return { path: dir, calls: () => readFileSync(join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean) };
}

function sign(path: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--conditions=@todo/source', '--import', 'tsx', cli, 'backend'], {
    env: { PATH: path, HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
  });
}

describe('sign', () => {
  const sbom = sbomPath('backend');
  const madeSbom = !existsSync(sbom);
  beforeAll(() => {
    if (!madeSbom) return;
    mkdirSync(dirname(sbom), { recursive: true });
    writeFileSync(sbom, '{"bomFormat":"CycloneDX","specVersion":"1.6"}\n');
  });
  afterAll(() => {
    if (madeSbom) rmSync(sbom);
  });

  it('pushes under the deploy tag, signs by digest with the key pair, attests the SBOM', () => {
    const fakes = tools();
    const result = sign(fakes.path, { IMAGE_REGISTRY: 'ghcr.io/me/', COSIGN_KEY: '/keys/cosign.key' });
    expect(result.status, result.stderr).toBe(0);
    expect(fakes.calls()).toEqual([
      'cosign version',
      'docker image inspect --format {{.Id}} todo-backend:local',
      `docker tag todo-backend:local ${REF}`,
      `docker push ${REF}`,
      `docker image inspect --format {{range .RepoDigests}}{{println .}}{{end}} ${REF}`,
      `cosign sign --yes --key /keys/cosign.key ghcr.io/me/todo-backend@${DIGEST}`,
      `cosign attest --yes --key /keys/cosign.key --type cyclonedx --predicate ${sbom} ghcr.io/me/todo-backend@${DIGEST}`,
    ]);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(
      `Signed ${REF} (ghcr.io/me/todo-backend@${DIGEST}) and attested its SBOM (key pair).`,
    );
  });

  it('signs keyless when an identity token is at hand (cosign reads it from the environment)', () => {
    const fakes = tools();
    const result = sign(fakes.path, { IMAGE_REGISTRY: 'ghcr.io/me', SIGSTORE_ID_TOKEN: 'eyJ.token.sig' });
    expect(result.status, result.stderr).toBe(0);
    expect(fakes.calls()).toContain(`cosign sign --yes ghcr.io/me/todo-backend@${DIGEST}`);
    expect(fakes.calls().join('\n')).not.toContain('eyJ');
  });

  it.each([
    [{}, {}, 'IMAGE_REGISTRY is not set: the registry the image is pushed to and signed in, e.g. ghcr.io/you'],
    [
      { IMAGE_REGISTRY: 'ghcr.io/me', COSIGN_KEY: 'k' },
      { cosign: false },
      'cosign not found: install it (https://docs.sigstore.dev/cosign/system_config/installation/)',
    ],
    [
      { IMAGE_REGISTRY: 'ghcr.io/me' },
      {},
      'no signing identity: set COSIGN_KEY to a key from `cosign generate-key-pair`',
    ],
  ])('fails in one line: %o', (env, options, line) => {
    const fakes = tools(options);
    const result = sign(fakes.path, env as Record<string, string>);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^✖ Cannot sign the backend image: ${line.replace(/[()?.+[\]]/g, '\\$&')}`),
    );
    expect(result.stderr.trim()).not.toContain('\n');
    expect(fakes.calls().filter((call) => !call.startsWith('cosign version'))).toEqual([]);
  });
});

// The real cosign, where installed: every flag the plans use is one it knows.
const hasCosign = spawnSync('cosign', ['version'], { stdio: 'ignore' }).status === 0;
describe.skipIf(!hasCosign)(`the real cosign${hasCosign ? '' : ' (skipped: cosign is not installed)'}`, () => {
  it('accepts the flags of sign and attest', () => {
    for (const args of signArgs('r@sha256:0', 'sbom.json', { key: 'k' })) {
      const help = spawnSync('cosign', [args[0], '--help'], { encoding: 'utf8' }).stdout;
      for (const flag of args.filter((arg) => arg.startsWith('--'))) expect(help).toContain(flag);
    }
  });
});
