/** Names of settings that hold credentials. */
const secretName = /(password|secret|token|api[_-]?key|private[_-]?key)/i;

/**
 * `postgres://user:password@`: a connection string with its password inline. A password of `$(VAR)` is a reference
 * the kubelet expands from another variable (which the other rules check), not a value.
 */
const postgresUrlWithPassword = /postgres(?:ql)?:\/\/[^:@/\s]+:(?!\$\([A-Za-z_][A-Za-z0-9_]*\)@)[^@/\s]+@/i;

export function looksSecret(name: string): boolean {
  return secretName.test(name);
}

export function hasPostgresPassword(value: string): boolean {
  return postgresUrlWithPassword.test(value);
}
