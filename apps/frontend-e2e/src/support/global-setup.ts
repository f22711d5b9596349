import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startContainerStack } from '@todo/images/container-stack';
import { dockerUnavailable } from '@todo/images/docker';
import { freePort } from '@todo/local-stack/ports';
import { startScriptedProvider } from '@todo/local-stack/scripted-provider';
import { startStack } from '@todo/local-stack/stack';
import { chromiumMissing } from './chromium';
import { cluster, clusterStackState } from './cluster';
import { scriptedAssistant } from './scripted-assistant';
import { STATE_FILE, type StackState } from './stack-state';

/** Why the run cannot happen here (outside CI), or undefined; in CI a missing tool is an error. */
async function skipReason(containers: boolean): Promise<string | undefined> {
  const missing = chromiumMissing() ?? (containers ? await dockerUnavailable() : undefined);
  if (missing && process.env.CI === 'true') throw new Error(`End-to-end tests cannot run in CI: ${missing}`);
  return missing;
}

/** The release on Minikube (`--configuration=minikube`): nothing to start, but it must answer. */
async function useCluster(): Promise<void> {
  const frontendUrl = process.env.E2E_BASE_URL || 'https://todo.local';
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the chart's self-signed certificate, for this check only
  const ready = await fetch(`${frontendUrl}/api/ready`).then(
    (res) => res.ok,
    () => false,
  );
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  if (!ready)
    throw new Error(
      `${frontendUrl} does not answer: deploy first (npx nx run deploy:up), and check npx nx run deploy:smoke`,
    );
  console.log(
    `Testing the release ${cluster.release} in namespace ${cluster.namespace} (context ${cluster.context}) at ${frontendUrl}`,
  );
  const state = await clusterStackState(frontendUrl);
  process.env.E2E_BASE_URL = frontendUrl;
  await mkdir(join(STATE_FILE, '..'), { recursive: true });
  await writeFile(STATE_FILE, JSON.stringify(state));
}

/**
 * Starts the stack for the run: local processes by default, containers with E2E_STACK=containers
 * (`nx e2e frontend-e2e --configuration=containers`), or uses the Minikube release (E2E_STACK=minikube).
 * Its state file lets a test stop and restart the backend.
 */
export default async function globalSetup() {
  if (process.env.E2E_STACK === 'minikube') {
    const missing = chromiumMissing();
    if (missing) throw new Error(`End-to-end tests cannot run: ${missing}`);
    return useCluster();
  }
  const containers = process.env.E2E_STACK === 'containers';
  const skip = await skipReason(containers);
  if (skip) {
    console.warn(`Skipping end-to-end tests: ${skip}`);
    process.env.E2E_SKIP = skip;
    return;
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-e2e-'));
  await chmod(dataDir, 0o755);
  const authSecret = randomBytes(32).toString('hex');
  console.log(`Starting the stack as ${containers ? 'containers' : 'local processes'} for end-to-end tests…`);

  // The chat's model: a scripted OpenAI-compatible provider on 127.0.0.1 (containers share the host network).
  const provider = await startScriptedProvider(scriptedAssistant);
  const chatEnv = { OPENAI_BASE_URL: provider.baseUrl, OPENAI_MODEL: 'scripted' };
  let state: StackState;
  let stop: () => Promise<void>;
  if (containers) {
    const stack = await startContainerStack({ dataDir, authSecret, backendEnv: chatEnv });
    state = {
      frontendUrl: stack.frontendUrl,
      backendUrl: stack.backendUrl,
      authSecret,
      backend: { kind: 'container', name: stack.containers.backend },
      scriptedChat: true,
    };
    stop = async () => {
      await stack.stop();
      await provider.close();
    };
  } else {
    const stack = await startStack({
      dataDir,
      ephemeral: true,
      frontendPort: await freePort(),
      backendPort: await freePort(),
      authSecret,
      backendEnv: {
        AUTH_RATE_LIMIT_MAX: '1000',
        IP_RATE_LIMIT_MAX: '1000000', // every request comes from 127.0.0.1
        USER_RATE_LIMIT_MAX: '1000000',
        LOG_LEVEL: 'warn',
        ...chatEnv,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    state = {
      frontendUrl: stack.frontendUrl,
      backendUrl: stack.backendUrl,
      authSecret,
      backend: { kind: 'process', spec: stack.backendSpec, pid: stack.backend.pid! },
      scriptedChat: true,
    };
    stop = async () => {
      // A test may have replaced the backend process: stop the one that runs now.
      const { backend } = JSON.parse(await readFile(STATE_FILE, 'utf8')) as StackState;
      if (backend.kind === 'process' && backend.pid !== stack.backend.pid) {
        try {
          process.kill(backend.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      await stack.stop();
      await provider.close();
    };
  }
  process.env.E2E_BASE_URL = state.frontendUrl;
  await mkdir(join(STATE_FILE, '..'), { recursive: true });
  await writeFile(STATE_FILE, JSON.stringify(state));

  return async () => {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
