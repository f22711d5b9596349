import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { runStep, say, show, StepError, type Step } from '@todo/cli/steps';
import { parse } from 'yaml';
import { builtImage, imageRef, minikubeBuildArgs, minikubeHas, parseDockerEnv, type ImageRef } from './images.js';
import { normalizeOptions, resolveTarget, UsageError, type DeployOptions, type Target } from './options.js';
import { preflight, PreflightError, type Tools } from './preflight.js';
import { appUrl, blocked, parseReleaseState, planRelease, type ReleaseInput, type ReleaseState } from './plan.js';
import { capture } from './shell.js';
import { releaseSettings } from './values.js';
import { verifiedDigest, verifyArgs, verifyAttestationArgs, verifyPolicy, type VerifyPolicy } from './verify.js';

export interface DeployContext {
  root: string;
  env: NodeJS.ProcessEnv;
}

/** A failure whose message is the whole story (one line, with the fix). */
class DeployError extends Error {}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** sha256 over the chart's files and the values files, by path and content. */
function inputsDigest(root: string, chartDir: string, valuesFiles: string[]): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(chartDir), ...valuesFiles])
    hash.update(relative(root, file)).update(readFileSync(file));
  return hash.digest('hex');
}

async function output(argv: string[], env: NodeJS.ProcessEnv, what: string): Promise<string> {
  const { code, stdout, stderr } = await capture(argv, env);
  if (code !== 0) throw new DeployError(`${what} failed: ${stderr.trim().split('\n').at(-1) || `exit code ${code}`}`);
  return stdout;
}

/** Builds (with --minikube-docker-env), tags, and loads or pushes each component's image. */
async function shipImages(
  options: DeployOptions,
  target: Target,
  tools: Tools,
  env: NodeJS.ProcessEnv,
): Promise<ImageRef[]> {
  const dockerEnv = options.minikubeDockerEnv
    ? {
        ...env,
        ...parseDockerEnv(await output([tools.minikube!, 'docker-env', '--shell', 'none'], env, 'minikube docker-env')),
      }
    : env;
  const images: ImageRef[] = [];
  for (const component of options.components) {
    if (options.minikubeDockerEnv && !options.dryRun)
      await runStep(
        {
          title: `Building ${builtImage(component)} in Minikube's Docker`,
          argv: [tools.docker, ...minikubeBuildArgs(component)],
        },
        { env: dockerEnv },
      );
    const inspect = await capture(
      [tools.docker, 'image', 'inspect', '--format', '{{.Id}}', builtImage(component)],
      dockerEnv,
    );
    if (inspect.code !== 0)
      throw new DeployError(`image ${builtImage(component)} not found: npx nx run ${component}:docker-build`);
    const image = imageRef(component, inspect.stdout.trim(), target);
    images.push(image);
    const steps: Step[] = [{ title: `Tagging ${image.ref}`, argv: [tools.docker, 'tag', image.built, image.ref] }];
    if (target.kind === 'cluster')
      steps.push({ title: `Pushing ${image.ref}`, argv: [tools.docker, 'push', image.ref] });
    else if (!options.minikubeDockerEnv) {
      const list = await output([tools.minikube!, 'image', 'ls'], env, 'minikube image ls');
      if (minikubeHas(list, image.ref)) say(`${image.ref} is already in Minikube`);
      else
        steps.push({
          title: `Loading ${image.ref} into Minikube`,
          argv: [tools.minikube!, 'image', 'load', image.ref],
        });
    }
    for (const step of steps) await runStep(step, { env: dockerEnv, dryRun: options.dryRun });
  }
  return images;
}

/**
 * Each image's signature, then the SBOM attestation of the digest the signature check verified, before the release
 * changes; cosign's last line on failure. Returns the images pinned to those digests.
 */
async function verifyImages(
  images: ImageRef[],
  policy: VerifyPolicy,
  cosign: string,
  dryRun: boolean,
  env: NodeJS.ProcessEnv,
): Promise<ImageRef[]> {
  const check = async ({ title, args }: { title: string; args: string[] }) => {
    if (dryRun) {
      say(`would run: ${show([cosign, ...args])}`);
      return '';
    }
    say(title);
    const { code, stdout, stderr } = await capture([cosign, ...args], env);
    const reason = stderr
      .trim()
      .split('\n')
      .at(-1)
      ?.replace(/^(main\.go:\d+: )?error during command execution: /, '');
    if (code !== 0)
      throw new DeployError(`${title} failed: ${reason || `exit code ${code}`} (npx nx run-many -t sign)`);
    return stdout;
  };
  const verified: ImageRef[] = [];
  for (const image of images) {
    const out = await check(verifyArgs(image.ref, policy));
    if (dryRun) {
      await check(verifyAttestationArgs(`${image.ref}@<verified digest>`, policy));
      verified.push(image);
      continue;
    }
    let digest: string;
    try {
      digest = verifiedDigest(out);
    } catch (error) {
      throw new DeployError(`Verifying the signature of ${image.ref}: ${(error as Error).message}`);
    }
    await check(verifyAttestationArgs(`${image.ref}@${digest}`, policy));
    verified.push({ ...image, digest });
  }
  return verified;
}

async function releaseState(
  options: DeployOptions,
  target: Target,
  tools: Tools,
  env: NodeJS.ProcessEnv,
): Promise<ReleaseState | undefined> {
  const flags = ['--kube-context', target.context, '--namespace', options.namespace, '--output', 'json'];
  const history = await capture([tools.helm, 'history', options.release, '--max', '1', ...flags], env);
  if (history.code !== 0) {
    if (/not found/i.test(history.stderr)) return undefined;
    throw new DeployError(`helm history failed: ${history.stderr.trim()}`);
  }
  const values = await output([tools.helm, 'get', 'values', options.release, ...flags], env, 'helm get values');
  return parseReleaseState(history.stdout, values);
}

/** The labels of the restricted Pod Security Standard, as the chart's own Namespace (namespace.create) carries them. */
const RESTRICTED_LABELS = ['enforce', 'audit', 'warn']
  .map((mode) => `pod-security.kubernetes.io/${mode}=restricted`)
  .concat('pod-security.kubernetes.io/enforce-version=latest');

/** A namespace this install creates is labelled restricted (security.md assumes it); an existing one is left as is. */
async function createNamespace({ options, target, tools }: ReleaseInput, env: NodeJS.ProcessEnv): Promise<void> {
  const kubectl = [tools.kubectl, '--context', target.context];
  const create = [...kubectl, 'create', 'namespace', options.namespace];
  const label = [...kubectl, 'label', 'namespace', options.namespace, ...RESTRICTED_LABELS];
  if (options.dryRun) {
    say(`would run, unless namespace ${options.namespace} exists: ${show(create)} && ${show(label)}`);
    return;
  }
  const created = await capture(create, env);
  if (created.code !== 0) {
    if (/already exists/i.test(created.stderr)) return;
    throw new DeployError(
      `creating namespace ${options.namespace} failed: ${created.stderr.trim().split('\n').at(-1)}`,
    );
  }
  say(`Created namespace ${options.namespace} with the restricted Pod Security Standard`);
  await output(label, env, `labelling namespace ${options.namespace}`);
}

/** What a deploy of these options needs: resolved options, target, values and chart package. */
function resolveRelease(raw: Partial<DeployOptions>, root: string, env: NodeJS.ProcessEnv) {
  const options = normalizeOptions(raw);
  const target = resolveTarget(options.environment, env);
  const policy = target.kind === 'cluster' ? verifyPolicy(options, env) : undefined;
  const chartDir = join(root, 'deploy/charts/todo');
  const valuesFiles = [
    join(root, 'deploy/environments', `${options.environment}.yaml`),
    ...options.values.map((file) => resolve(root, file)),
  ];
  for (const file of valuesFiles) if (!existsSync(file)) throw new UsageError(`values file ${file} not found`);
  const settings = releaseSettings([join(chartDir, 'values.yaml'), ...valuesFiles], options.set);
  const version = (parse(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as { version: string }).version;
  const chart = join(root, 'dist/deploy', `todo-${version}.tgz`);
  return { options, target, policy, chartDir, valuesFiles, settings, chart };
}

function checks({ options, target, settings }: ReturnType<typeof resolveRelease>, env: NodeJS.ProcessEnv) {
  say(`Preflight checks for ${options.environment} (kube context ${target.context})`);
  return preflight({
    target,
    autoscaling: settings.autoscaling,
    host: settings.ingress?.host,
    mesh: settings.mesh,
    cnpg: settings.database === 'cloudnative-pg',
    env,
  });
}

/** Runs a step of the deploy; a known failure is printed as its one line and answers false. */
async function reported(work: () => Promise<void>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    if (
      error instanceof PreflightError ||
      error instanceof UsageError ||
      error instanceof DeployError ||
      error instanceof StepError
    ) {
      console.error(`✖ ${error.message}`);
      return false;
    }
    throw error;
  }
}

/** The preflight checks alone, before any image is built (the `deploy:preflight` target); false on failure. */
export function deployPreflight(raw: Partial<DeployOptions>, { root, env }: DeployContext): Promise<boolean> {
  return reported(async () => {
    await checks(resolveRelease(raw, root, env), env);
    say('Preflight passed');
  });
}

/** The whole deploy: preflight, images, then helm with rollback, rollouts and helm test; false on failure. */
export function deploy(raw: Partial<DeployOptions>, { root, env }: DeployContext): Promise<boolean> {
  return reported(async () => {
    const release = resolveRelease(raw, root, env);
    const { options, target, policy, chartDir, valuesFiles, settings, chart } = release;
    const tools = await checks(release, env);
    if (!existsSync(chart)) throw new DeployError(`chart package ${chart} not found: npx nx run deploy:helm-package`);

    const shipped = await shipImages(options, target, tools, env);
    const images = policy ? await verifyImages(shipped, policy, tools.cosign!, options.dryRun, env) : shipped;
    if (!policy) say('Skipping image signature verification: local images are built here, not pulled from a registry');
    const input: ReleaseInput = {
      options,
      target,
      tools,
      chart,
      valuesFiles,
      images,
      inputsDigest: inputsDigest(root, chartDir, valuesFiles),
      settings,
      current: await releaseState(options, target, tools, env),
    };
    const reason = blocked(input);
    if (reason) throw new DeployError(reason);
    const steps = planRelease(input);
    if (steps.length === 0)
      say(`Release ${options.release} is up to date (revision ${input.current?.revision}): nothing to do`);
    if (!input.current) await createNamespace(input, env);
    for (const step of steps) await runStep(step, { env, dryRun: options.dryRun });
    say(`${options.dryRun ? 'Would deploy to' : 'Deployed:'} ${appUrl(input)}`);
  });
}
