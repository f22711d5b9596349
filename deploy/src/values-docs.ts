import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { chartDir } from './paths.js';

// The values table of deploy/charts/todo/README.md, generated from the `## @param <key> <description>` and
// `## @section <title>` annotations of values.yaml (the bitnami readme-generator convention).
const START = '<!-- values:start -->';
const END = '<!-- values:end -->';

export interface Param {
  key: string;
  description: string;
  section: string;
}

export function readParams(valuesText: string): Param[] {
  const params: Param[] = [];
  let section = '';
  for (const line of valuesText.split('\n')) {
    const sectionMatch = line.match(/^\s*## @section (.+)$/);
    if (sectionMatch) section = sectionMatch[1].trim();
    const paramMatch = line.match(/^\s*## @param (\S+) (.+)$/);
    if (paramMatch) params.push({ key: paramMatch[1], description: paramMatch[2].trim(), section });
  }
  return params;
}

/** Every leaf of the values (an object with no keys, a list, a scalar), as dotted keys. */
export function leafKeys(values: unknown, prefix = ''): string[] {
  if (values && typeof values === 'object' && !Array.isArray(values) && Object.keys(values).length) {
    return Object.entries(values).flatMap(([key, value]) => leafKeys(value, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
}

const valueAt = (values: unknown, key: string) =>
  key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], values);

export function renderTable(valuesText: string): string {
  const values = parse(valuesText);
  const lines: string[] = [];
  let section: string | undefined;
  for (const param of readParams(valuesText)) {
    if (param.section !== section) {
      section = param.section;
      lines.push('', `### ${section}`, '', '| Name | Description | Default |', '| --- | --- | --- |');
    }
    const value = JSON.stringify(valueAt(values, param.key)) ?? '';
    lines.push(
      `| \`${param.key}\` | ${param.description.replace(/\|/g, '\\|')} | \`${value.replace(/\|/g, '\\|')}\` |`,
    );
  }
  return lines.join('\n').trim();
}

/** The README with its values table replaced by the one the annotations give. */
export async function renderedReadme(): Promise<{ current: string; expected: string }> {
  const [valuesText, current] = await Promise.all([
    readFile(join(chartDir, 'values.yaml'), 'utf8'),
    readFile(join(chartDir, 'README.md'), 'utf8'),
  ]);
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md must hold ${START} and ${END}`);
  const expected = `${current.slice(0, start + START.length)}\n\n${renderTable(valuesText)}\n\n${current.slice(end)}`;
  return { current, expected };
}
