import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeProcessSpec } from '@todo/local-stack/processes';

export const STATE_FILE = join(import.meta.dirname, '../../test-output/stack.json');

/** How the running backend can be stopped and started again: a process, a container, or a Deployment. */
export type BackendHandle =
  | { kind: 'process'; spec: NodeProcessSpec; pid: number }
  | { kind: 'container'; name: string }
  | { kind: 'deployment'; name: string; replicas: number };

export interface StackState {
  frontendUrl: string;
  backendUrl: string;
  authSecret: string;
  backend: BackendHandle;
  /** Set when the backend's chat talks to the scripted model provider (local processes and containers). */
  scriptedChat?: boolean;
}

export const readStackState = (): StackState => JSON.parse(readFileSync(STATE_FILE, 'utf8'));
export const writeStackState = (state: StackState) => writeFileSync(STATE_FILE, JSON.stringify(state));
