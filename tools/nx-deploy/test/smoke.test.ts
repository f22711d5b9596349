import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@todo/local-stack/ports';
import { startThrowawayStack, type Stack } from '@todo/local-stack/stack';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backendChecks, ingressChecks, networkPolicyChecks, probeArgs, runChecks, type Check } from '../src/smoke.js';

const names = (checks: Check[]) => checks.map((check) => check.name);

async function results(checks: Check[]): Promise<{ passed: boolean; lines: string[] }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line) => void lines.push(String(line)));
  try {
    return { passed: await runChecks(checks), lines };
  } finally {
    log.mockRestore();
  }
}

describe('smoke checks against the real stack', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startThrowawayStack();
  }, 180_000);
  afterAll(() => stack?.stop());

  it('passes every frontend route check, and the API answers through the proxy', async () => {
    const { passed, lines } = await results(ingressChecks(stack.frontendUrl));
    expect(
      lines.every((line) => line.startsWith('✔')),
      lines.join('\n'),
    ).toBe(true);
    expect(passed).toBe(true);
    expect(lines).toContain(`✔ GET ${stack.frontendUrl}/api/smoke-check/tasks answers 401`);
    expect(lines).toContain(
      `✔ POST ${stack.frontendUrl}/mcp without a token answers 401 naming ${stack.frontendUrl}/.well-known/oauth-protected-resource/mcp`,
    );
    expect(lines).toContain(`✔ GET ${stack.frontendUrl}/openapi.json answers 200`);
  });

  it("passes the backend's probes and metrics", async () => {
    const { passed, lines } = await results(backendChecks(stack.backendUrl));
    expect(passed, lines.join('\n')).toBe(true);
  });

  it('fails with the reason when a route answers otherwise or nothing listens', async () => {
    const { passed, lines } = await results(ingressChecks(stack.backendUrl)); // the backend has no /api/health
    expect(passed).toBe(false);
    expect(lines[0]).toBe(`✖ GET ${stack.backendUrl}/api/health answers 200: got 404`);
    const closed = `http://127.0.0.1:${await freePort()}`;
    expect((await results(backendChecks(closed))).lines[0]).toMatch(
      /^✖ GET http:\/\/127\.0\.0\.1:\d+\/healthz answers 200: connect ECONNREFUSED/,
    );
  });
});

describe('network policy checks', () => {
  it('adds the HTTPS redirect check for an https URL', () => {
    expect(names(ingressChecks('https://todo.local')).at(-1)).toBe('GET http://todo.local/ redirects to HTTPS');
  });

  it('runs a locked-down pg_isready pod with the database image and the given labels', () => {
    const args = probeArgs(
      { kubectl: 'kubectl', context: 'minikube', namespace: 'todo', release: 'todo' },
      'postgres:17.6',
      { a: 'b', c: 'd' },
    );
    expect(args.slice(0, 6)).toEqual(['kubectl', '--context', 'minikube', '--namespace', 'todo', 'run']);
    expect(args).toContain('--labels=a=b,c=d');
    const overrides = JSON.parse(args.find((arg) => arg.startsWith('--overrides='))!.slice('--overrides='.length));
    expect(overrides.spec.containers[0].command).toEqual([
      'pg_isready',
      '--host',
      'todo-database',
      '--port',
      '5432',
      '--timeout',
      '5',
    ]);
    expect(overrides.spec.securityContext.runAsNonRoot).toBe(true);
  });

  /** kubectl that answers like a cluster enforcing (or not) the chart's policies: pg_isready exits 2 on no response. */
  function fakeKubectl(enforced: boolean): string {
    const dir = mkdtempSync(join(tmpdir(), 'fake-kubectl-'));
    const file = join(dir, 'kubectl');
    const blocked = enforced
      ? `printf '%s\\n' 'todo-database:5432 - no response'; exit 2`
      : `printf '%s\\n' 'todo-database:5432 - accepting connections'; exit 0`;
    writeFileSync(
      file,
      `#!/bin/sh\ncase "$*" in\n  *component=migrations*) printf '%s\\n' 'todo-database:5432 - accepting connections'; exit 0 ;;\n  *) ${blocked} ;;\nesac\n`,
    );
    chmodSync(file, 0o755);
    return file;
  }

  it('passes when an outside pod is refused and a migrations-labelled one connects', async () => {
    const checks = networkPolicyChecks(
      { kubectl: fakeKubectl(true), context: 'minikube', namespace: 'todo', release: 'todo' },
      'postgres:17.6',
    );
    expect((await results(checks)).passed).toBe(true);
  });

  it('fails, naming the likely cause, when policies are not enforced', async () => {
    const checks = networkPolicyChecks(
      { kubectl: fakeKubectl(false), context: 'minikube', namespace: 'todo', release: 'todo' },
      'postgres:17.6',
    );
    const { passed, lines } = await results(checks);
    expect(passed).toBe(false);
    expect(lines[0]).toBe(
      '✖ a pod outside the app cannot reach PostgreSQL: it connected: are NetworkPolicies enforced (minikube start --cni calico)?',
    );
  });
});
