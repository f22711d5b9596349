import { execFileSync } from 'node:child_process';
import { spawnNode, waitForOk } from '@todo/local-stack/processes';
import { kubectl } from './cluster';
import { readStackState, writeStackState } from './stack-state';

/** Stops the backend the stack runs (process, container or Deployment); returns once it no longer answers. */
export async function stopBackend(): Promise<void> {
  const state = readStackState();
  if (state.backend.kind === 'deployment') {
    await kubectl('scale', `deployment/${state.backend.name}`, '--replicas=0');
    await kubectl('wait', '--for=delete', 'pod', '--selector=app.kubernetes.io/component=backend', '--timeout=120s');
    return;
  }
  if (state.backend.kind === 'process') process.kill(state.backend.pid, 'SIGTERM');
  else execFileSync('docker', ['stop', '-t', '10', state.backend.name], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`${state.backendUrl}/healthz`).then(
      () => true,
      () => false,
    );
    if (!up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the backend did not stop');
}

/** Starts the backend again, as it was started; returns once it is ready. */
export async function startBackend(): Promise<void> {
  const state = readStackState();
  if (state.backend.kind === 'deployment') {
    await kubectl('scale', `deployment/${state.backend.name}`, `--replicas=${state.backend.replicas}`);
    await kubectl('rollout', 'status', `deployment/${state.backend.name}`, '--timeout=180s');
  } else if (state.backend.kind === 'process') {
    const child = spawnNode(state.backend.spec, 'ignore');
    writeStackState({ ...state, backend: { ...state.backend, pid: child.pid! } });
    await waitForOk(`${state.backendUrl}/readyz`, child);
  } else {
    execFileSync('docker', ['start', state.backend.name], { stdio: 'ignore' });
    await waitForOk(`${state.backendUrl}/readyz`);
  }
}
