/** Where to go after signing in: a path on this site only (never `//host` or a URL), else the task list. */
export function safeNext(value: string | string[] | null | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/tasks';
  try {
    const url = new URL(next, 'http://local.invalid');
    return url.origin === 'http://local.invalid' ? `${url.pathname}${url.search}` : '/tasks';
  } catch {
    return '/tasks';
  }
}
