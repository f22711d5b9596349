// `nx sign <project>` (after trivy-scan): pushes the image to IMAGE_REGISTRY under the tag a deploy uses
// (id-<12 hex of the image id>), signs it by digest with cosign and attests its SBOM. See signing.ts for the identity.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { runStep, show, StepError } from '@todo/cli/steps';
import { contentTag, imageName } from './build.js';
import { componentArg } from './components.js';
import { COSIGN_INSTALL, pushedDigest, sbomPath, signArgs, signingIdentity, SigningError } from './signing.js';

const project = componentArg('sign');
const fail = (line: string): never => {
  console.error(`✖ Cannot sign the ${project} image: ${line}`);
  process.exit(1);
};
const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const step = (argv: string[]) =>
  runStep({ title: show(argv), argv }).catch((error: unknown) => {
    if (error instanceof StepError) fail(error.message);
    throw error;
  });

const registry = process.env.IMAGE_REGISTRY?.replace(/\/+$/, '');
if (!registry) fail('IMAGE_REGISTRY is not set: the registry the image is pushed to and signed in, e.g. ghcr.io/you');
if (spawnSync('cosign', ['version'], { stdio: 'ignore' }).status !== 0)
  fail(`cosign not found: install it (${COSIGN_INSTALL})`);
const identity = (() => {
  try {
    return signingIdentity(process.env);
  } catch (error) {
    if (error instanceof SigningError) return fail(error.message);
    throw error;
  }
})();
const sbom = sbomPath(project);
if (!existsSync(sbom)) fail(`no SBOM at ${sbom}: npx nx run ${project}:trivy-scan`);

const local = `${imageName(project, '')}:local`;
const name = imageName(project, registry);
const ref = `${name}:${contentTag(docker('image', 'inspect', '--format', '{{.Id}}', local))}`;
await step(['docker', 'tag', local, ref]);
await step(['docker', 'push', ref]);
const digests = docker('image', 'inspect', '--format', '{{range .RepoDigests}}{{println .}}{{end}}', ref);
const image =
  pushedDigest(digests, name) ?? fail(`docker push left no digest of ${name} (docker image inspect ${ref})`);
for (const args of signArgs(image, sbom, identity)) await step(['cosign', ...args]);
console.log(`Signed ${ref} (${image}) and attested its SBOM (${'key' in identity ? 'key pair' : 'keyless'}).`);
