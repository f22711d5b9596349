/** What an SQL statement does, from its first word: select, insert, update, delete, or other. */
export function operationOf(query: unknown): string {
  const text = typeof query === 'string' ? query : (query as { text?: string } | undefined)?.text;
  const word = text?.trimStart().slice(0, 6).toLowerCase();
  return word === 'select' || word === 'insert' || word === 'update' || word === 'delete' ? word : 'other';
}
