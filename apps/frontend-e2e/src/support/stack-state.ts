import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeProcessSpec } from '@todo/local-stack/processes';

export const STATE_FILE = join(import.meta.dirname, '../../test-output/stack.json');

export interface StackState {
  frontendUrl: string;
  backendUrl: string;
  backendSpec: NodeProcessSpec;
  backendPid: number;
}

export const readStackState = (): StackState => JSON.parse(readFileSync(STATE_FILE, 'utf8'));
export const writeStackState = (state: StackState) => writeFileSync(STATE_FILE, JSON.stringify(state));
