import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { imageName, type Component } from './build.js';

export const TRIVY_IMAGE = 'aquasec/trivy:0.69.3';
const root = resolve(import.meta.dirname, '../../..');

export interface ScanPlan {
  image: string;
  outDir: string;
  /** Argument lists for `trivy`: the gate (JSON report) and the SBOM. */
  runs: string[][];
}

export function planScan(project: Component): ScanPlan {
  const image = `${imageName(project, '')}:local`;
  const outDir = join(root, 'apps', project, 'dist', 'trivy');
  return {
    image,
    outDir,
    runs: [
      [
        'image',
        '--exit-code',
        '1',
        '--severity',
        'HIGH,CRITICAL',
        '--ignore-unfixed',
        '--ignorefile',
        join(root, '.trivyignore'),
        '--format',
        'json',
        '--output',
        join(outDir, 'report.json'),
        image,
      ],
      ['image', '--format', 'cyclonedx', '--output', join(outDir, 'sbom.cdx.json'), image],
    ],
  };
}

const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** How to run trivy here: the binary, the container (paths mounted at the same place), or nothing. */
export function trivyRunner(): ((args: string[]) => number) | undefined {
  if (has('trivy', ['--version'])) return (args) => spawnSync('trivy', args, { stdio: 'inherit' }).status ?? 1;
  if (has('docker', ['image', 'inspect', TRIVY_IMAGE]) || has('docker', ['pull', '-q', TRIVY_IMAGE])) {
    return (args) =>
      spawnSync(
        'docker',
        [
          'run',
          '--rm',
          '--network',
          'host',
          '-v',
          '/var/run/docker.sock:/var/run/docker.sock',
          '-v',
          `${root}:${root}`,
          TRIVY_IMAGE,
          ...args,
        ],
        { stdio: 'inherit' },
      ).status ?? 1;
  }
  return undefined;
}
