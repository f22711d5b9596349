/**
 * Other spellings of a URL path that some layer may read as the same path: dot segments (plain and
 * percent-encoded), doubled and encoded slashes, backslashes, case, trailing slashes and matrix parameters, each
 * at every segment boundary, and every pair of two of them. Generated from the path, so a new endpoint gets them all.
 */
export function pathSpellings(canonical: string): string[] {
  const segments = canonical.split('/').slice(1);
  const separators: ((next: string) => string)[] = [
    (next) => `/./${next}`,
    (next) => `/%2e/${next}`,
    (next) => `/%2E/${next}`,
    (next) => `/x/../${next}`,
    (next) => `/x/%2e%2e/${next}`,
    (next) => `/x/.%2E/${next}`,
    (next) => `/x/%2e./${next}`,
    (next) => `//${next}`,
    (next) => `%2f${next}`,
    (next) => `%2F${next}`,
    (next) => `\\${next}`,
    (next) => `%5c${next}`,
    (next) => `/${next.toUpperCase()}`,
    (next) => `/${next[0].toUpperCase()}${next.slice(1)}`,
    (next) =>
      `/${encodeURIComponent(next[0]).replace(/^[a-z]$/, (c) => `%${c.charCodeAt(0).toString(16)}`)}${next.slice(1)}`,
    (next) => `/${next};x=1`,
  ];
  const plain = (next: string) => `/${next}`;
  const endings = ['', '/', '/.', '/%2e', '?', '?x=1', '/?x=1'];
  const spell = (choice: (number | undefined)[], ending: string) =>
    segments.map((segment, i) => (choice[i] === undefined ? plain : separators[choice[i]])(segment)).join('') + ending;

  const out = new Set<string>();
  const none = segments.map(() => undefined);
  for (const ending of endings) out.add(spell(none, ending));
  for (let i = 0; i < segments.length; i++)
    for (let s = 0; s < separators.length; s++) {
      const one = [...none] as (number | undefined)[];
      one[i] = s;
      out.add(spell(one, ''));
      for (let j = i + 1; j < segments.length; j++)
        for (let u = 0; u < separators.length; u += 3) {
          const two = [...one];
          two[j] = u;
          out.add(spell(two, endings[(i + j + s + u) % endings.length]));
        }
    }
  out.delete(canonical);
  return [...out];
}
