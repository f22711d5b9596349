import { describe, expect, it } from 'vitest';
import { lintManifests } from '../src/index.js';
import { CLOSE_SECONDS, MARGIN_SECONDS } from '../src/rules/grace-period.js';
import { container, expectFindings, get, podSpec, validManifests } from './support/manifests.js';

const backend = 'Deployment/todo-backend';

/** The backend with a preStop sleep, SHUTDOWN_DRAIN_MS in its ConfigMap (or none) and a grace period (or none). */
function shutdown(preStop: number, drainMs: number | undefined, grace: number | undefined) {
  const objects = validManifests();
  container(objects, backend).lifecycle = { preStop: { sleep: { seconds: preStop } } };
  if (drainMs !== undefined)
    (get(objects, 'ConfigMap/todo-backend').data as Record<string, string>).SHUTDOWN_DRAIN_MS = String(drainMs);
  podSpec(objects, backend).terminationGracePeriodSeconds = grace;
  return objects;
}

describe('grace-period', () => {
  it('fails a grace period shorter than preStop + drain + close + margin (the drain from the ConfigMap)', () => {
    expectFindings(shutdown(60, 60_000, 90), [
      {
        rule: 'grace-period',
        object: backend,
        path: 'spec.template.spec.terminationGracePeriodSeconds',
        message: '90s is shorter than the shutdown of "backend" (preStop 60 + drain 60 + close 10 + margin 5 = 135s)',
      },
    ]);
  });

  it('takes the default 30 s when none is set', () => {
    expectFindings(shutdown(10, 10_000, undefined), [
      { rule: 'grace-period', object: backend, message: '30s is shorter than the shutdown of "backend"' },
    ]);
  });

  const cases = [0, 1, 5, 30, 60].flatMap((preStop) =>
    [0, 999, 5_000, 60_000, 120_000].map((drain) => [preStop, drain]),
  );
  it.each(cases)('preStop %i s, drain %i ms: enough at exactly the sum, not a second less', (preStop, drain) => {
    const needed = preStop + Math.ceil(drain / 1000) + CLOSE_SECONDS + MARGIN_SECONDS;
    expect(lintManifests(shutdown(preStop, drain, needed))).toEqual([]);
    expect(lintManifests(shutdown(preStop, drain, needed - 1)).map((f) => f.rule)).toEqual(['grace-period']);
  });

  it('a container with only a preStop sleep needs it plus the margin', () => {
    expectFindings(shutdown(40, undefined, 45), []);
    expectFindings(shutdown(40, undefined, 44), [
      { rule: 'grace-period', object: backend, message: 'preStop 40 + margin 5 = 45s' },
    ]);
  });
});
