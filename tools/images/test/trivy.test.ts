import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planScan } from '../src/trivy.js';

const cli = resolve(import.meta.dirname, '../src/trivy-scan.ts');
const hasTrivy = spawnSync('trivy', ['--version'], { stdio: 'ignore' }).status === 0;

/** The scan CLI with a PATH that holds node and nothing else: no trivy, no docker. */
function scanWithoutTools(env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--conditions=@todo/source', '--import', 'tsx', cli, 'backend'], {
    env: { PATH: dirname(process.execPath), HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
  });
}

describe('trivy-scan', () => {
  it('gates on HIGH and CRITICAL with a fix, honours .trivyignore, writes the report and an SBOM under dist', () => {
    const plan = planScan('backend');
    expect(plan.image).toBe('todo-backend:local');
    expect(plan.outDir).toMatch(/apps\/backend\/dist\/trivy$/);
    const [gate, sbom] = plan.runs;
    expect(gate).toEqual(
      expect.arrayContaining([
        '--exit-code',
        '1',
        '--severity',
        'HIGH,CRITICAL',
        '--ignore-unfixed',
        '--format',
        'json',
      ]),
    );
    expect(gate[gate.indexOf('--ignorefile') + 1]).toMatch(/\.trivyignore$/);
    expect(existsSync(gate[gate.indexOf('--ignorefile') + 1])).toBe(true);
    expect(gate[gate.indexOf('--output') + 1]).toBe(`${plan.outDir}/report.json`);
    expect(sbom).toEqual(expect.arrayContaining(['--format', 'cyclonedx', '--output', `${plan.outDir}/sbom.cdx.json`]));
    expect(gate.at(-1)).toBe(plan.image);
  });

  it('fails with one line saying how to install Trivy when it cannot run', () => {
    const result = scanWithoutTools();
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Trivy is not installed.*Install it.*TRIVY_SKIP=1/);
  });

  it('TRIVY_SKIP=1 passes with a loud warning', () => {
    const result = scanWithoutTools({ TRIVY_SKIP: '1' });
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/WARNING: TRIVY_SKIP=1: the backend image was NOT scanned/);
  });

  it.skipIf(!hasTrivy)(
    `scans the built image for real${hasTrivy ? '' : ' (skipped: trivy is not installed)'}`,
    () => {
      const result = spawnSync(process.execPath, ['--conditions=@todo/source', '--import', 'tsx', cli, 'backend'], {
        stdio: 'inherit',
      });
      const report = JSON.parse(readFileSync(`${planScan('backend').outDir}/report.json`, 'utf8'));
      expect(report.ArtifactName).toBe('todo-backend:local');
      expect(result.status).toBe(0);
    },
    300_000,
  );
});
