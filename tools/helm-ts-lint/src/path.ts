/** Appends a key or an index to a dotted path: `spec.ports[0]`, `metadata.labels["app.kubernetes.io/name"]`. */
export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** The segments of a JSON pointer (`/spec/ports/0`), array indexes as numbers. */
export function pointerSegments(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/** A JSON pointer as a dotted path. */
export function pointerToPath(pointer: string): string {
  return pointerSegments(pointer).reduce<string>(child, '');
}
