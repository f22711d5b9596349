/**
 * The authorization server's signed query (it carries `sig`) that a page was sent with, as a query string, or
 * undefined: a page reached otherwise. Its values are only handed back to the server, which checks the signature.
 */
export function signedOAuthQuery(params: Record<string, string | string[] | undefined>): string | undefined {
  if (params.sig === undefined) return undefined;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) for (const one of [value ?? []].flat()) query.append(key, one);
  return query.toString();
}
