// The one list of components: read from the chart's values and the apps' Dockerfiles, in the workspace and in
// temporary ones; trivy-scan and sign refuse anything else with the reason.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CHART, ComponentError, imageComponent, imageComponents } from '../src/components.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A workspace with `values` as the chart's values.yaml and a Dockerfile in apps/<name> for each of `dockerfiles`. */
function workspace(values: string, dockerfiles: string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'components-'));
  dirs.push(root);
  mkdirSync(join(root, CHART), { recursive: true });
  writeFileSync(join(root, CHART, 'values.yaml'), values);
  for (const name of dockerfiles) {
    mkdirSync(join(root, 'apps', name), { recursive: true });
    writeFileSync(join(root, 'apps', name, 'Dockerfile'), 'FROM scratch\n');
  }
  return root;
}

describe('components', () => {
  it('in this workspace: backend and frontend (the database has an image but is not built here)', () => {
    expect(imageComponents().sort()).toEqual(['backend', 'frontend']);
    expect(() => imageComponent('database')).toThrow(/apps\/database\/Dockerfile does not exist/);
  });

  it('a third app with a Dockerfile and a chart component is one; either alone is refused with the reason', () => {
    const values = 'backend:\n  image: { repository: todo-backend }\nworker:\n  image: { repository: todo-worker }\n';
    const root = workspace(`${values}replicas: 2\nmetrics: { enabled: true }\n`, ['backend', 'worker', 'tool']);
    expect(imageComponents(root).sort()).toEqual(['backend', 'worker']);
    expect(imageComponent('worker', root)).toBe('worker');
    expect(() => imageComponent('tool', root)).toThrow(ComponentError);
    expect(() => imageComponent('tool', root)).toThrow(`${CHART}/values.yaml has no top-level \`tool.image\``);
    for (const name of ['replicas', 'metrics', '', '../backend'])
      expect(() => imageComponent(name, root)).toThrow(ComponentError);
  });

  it('no chart: no components', () => {
    const root = workspace('', ['backend']);
    rmSync(join(root, CHART, 'values.yaml'));
    expect(imageComponents(root)).toEqual([]);
  });

  it.each([
    ['trivy-scan.ts', 'scan'],
    ['sign.ts', 'sign'],
  ])('%s refuses a project that is not a component, before any work', async (script, verb) => {
    const failed = await run(
      process.execPath,
      ['--conditions=@todo/source', '--import', 'tsx', join(import.meta.dirname, '../src', script), 'contracts'],
      { env: { ...process.env, TRIVY_SKIP: '1', IMAGE_REGISTRY: '' } },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(
      new RegExp(`^✖ Cannot ${verb}: "contracts" is not a component \\(apps/contracts/Dockerfile does not exist\\)`),
    );
  });
});
