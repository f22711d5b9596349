/** Names of settings that hold credentials. */
const secretName = /(password|secret|token|api[_-]?key|private[_-]?key)/i;

/** `postgres://user:password@`: a connection string with its password inline. */
const postgresUrlWithPassword = /postgres(?:ql)?:\/\/[^:@/\s]+:[^@/\s]+@/i;

export function looksSecret(name: string): boolean {
  return secretName.test(name);
}

export function hasPostgresPassword(value: string): boolean {
  return postgresUrlWithPassword.test(value);
}
