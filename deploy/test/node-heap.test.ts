import { describe, expect, it } from 'vitest';
import { render, renderError, type Obj } from './support/render.js';

const nodeOptions = (objects: Obj[], deployment: string): string | undefined =>
  objects
    .find((o) => o.kind === 'Deployment' && o.metadata.name === deployment)
    ?.spec.template.spec.containers[0].env?.find((e: { name: string }) => e.name === 'NODE_OPTIONS')?.value;

describe("Node's heap, sized to each container's memory limit", () => {
  // Semi-spaces: 8 MiB for the API; 16 MiB for the frontend, whose renders make more short-lived objects (with 16,
  // about 10% more renders and a lower peak RSS than with 8: docs/frontend-performance.md).
  const semiSpaceMiB = { 'todo-backend': 8, 'todo-frontend': 16 } as const;

  it('gives the old space half the limit and semi-spaces per component, whatever unit the limit is in', async () => {
    const defaults = await render([]);
    expect(nodeOptions(defaults, 'todo-backend')).toBe('--max-old-space-size=128 --max-semi-space-size=8');
    expect(nodeOptions(defaults, 'todo-frontend')).toBe('--max-old-space-size=160 --max-semi-space-size=16');
    for (const [limit, oldSpace] of [
      ['1Gi', 512],
      ['393216Ki', 192],
      ['300Mi', 150],
    ] as const) {
      const objects = await render([
        ...['--set', `backend.resources.limits.memory=${limit}`],
        ...['--set', `frontend.resources.limits.memory=${limit}`],
      ]);
      for (const deployment of ['todo-backend', 'todo-frontend'] as const)
        expect(nodeOptions(objects, deployment), `${deployment} at ${limit}`).toBe(
          `--max-old-space-size=${oldSpace} --max-semi-space-size=${semiSpaceMiB[deployment]}`,
        );
    }
  });

  it('refuses a limit a Node.js process cannot run in', async () => {
    for (const component of ['backend', 'frontend'])
      expect(await renderError(['--set', `${component}.resources.limits.memory=100Mi`])).toContain(
        'resources.limits.memory 100Mi is below the 128Mi a Node.js container needs',
      );
  });
});
