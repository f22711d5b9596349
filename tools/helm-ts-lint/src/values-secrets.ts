import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** Names given to any `existingSecret` key in values files: Secrets made outside the chart, fine to reference. */
export async function existingSecretsIn(valuesFiles: string[]): Promise<string[]> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'existingSecret' && typeof value === 'string' && value) names.add(value);
      else walk(value);
    }
  };
  for (const file of valuesFiles) walk(parse(await readFile(file, 'utf8')));
  return [...names];
}
