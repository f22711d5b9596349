import { formatFinding } from './format.js';
import type { Finding } from './types.js';

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** What the CLI prints for one environment: each finding, then `local: 37 objects, 0 findings`. */
export function reportLines(environment: string, objectCount: number, findings: Finding[]): string[] {
  return [
    ...findings.map((finding) => formatFinding(finding, environment)),
    `${environment}: ${count(objectCount, 'object')}, ${count(findings.length, 'finding')}`,
  ];
}
