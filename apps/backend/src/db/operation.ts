const OPERATIONS = new Set(['select', 'insert', 'update', 'delete']);
/** `WITH "changed" AS (UPDATE ...)`: a task write and its audit event in one statement. */
const WITH_CTE = /^with\s+(?:"[^"]+"|\w+)\s+as\s+\(\s*(\w+)/i;

/**
 * What an SQL statement does, from its first word: select, insert, update, delete, or other. A WITH statement
 * counts as its first common table expression.
 */
export function operationOf(query: unknown): string {
  const text = (typeof query === 'string' ? query : (query as { text?: string } | undefined)?.text)?.trimStart();
  const word = (WITH_CTE.exec(text?.slice(0, 100) ?? '')?.[1] ?? text?.slice(0, 6))?.toLowerCase();
  return word && OPERATIONS.has(word) ? word : 'other';
}
