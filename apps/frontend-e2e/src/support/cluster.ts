import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kubeTool } from '@todo/kube-tools';
import type { StackState } from './stack-state';

const run = promisify(execFile);

/** Where `nx e2e frontend-e2e --configuration=minikube` finds the release deployed by `nx run deploy:up`. */
export const cluster = {
  context: process.env.KUBE_CONTEXT || 'minikube',
  namespace: process.env.E2E_NAMESPACE || 'todo',
  release: process.env.E2E_RELEASE || 'todo',
};

export async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(await kubeTool('kubectl'), [
    '--context',
    cluster.context,
    '--namespace',
    cluster.namespace,
    ...args,
  ]);
  return stdout.trim();
}

/** The deployed release as a stack: its ingress URL, the backend address the frontend uses, the auth secret. */
export async function clusterStackState(frontendUrl: string): Promise<StackState> {
  const { release } = cluster;
  const backendUrl = await kubectl(
    'get',
    'configmap',
    `${release}-frontend`,
    '--output',
    'jsonpath={.data.BACKEND_URL}',
  );
  const secret = await kubectl('get', 'secret', `${release}-auth`, '--output', 'jsonpath={.data.BETTER_AUTH_SECRET}');
  const replicas = Number(
    await kubectl('get', 'deployment', `${release}-backend`, '--output', 'jsonpath={.spec.replicas}'),
  );
  return {
    frontendUrl,
    backendUrl,
    authSecret: Buffer.from(secret, 'base64').toString('utf8'),
    backend: { kind: 'deployment', name: `${release}-backend`, replicas },
  };
}
