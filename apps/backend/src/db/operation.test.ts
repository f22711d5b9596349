import { expect, it } from 'vitest';
import { operationOf } from './operation.js';

it('names a statement by its first word, and a WITH statement by its first expression', () => {
  expect(operationOf('select 1')).toBe('select');
  expect(operationOf({ text: '  DELETE FROM tasks' })).toBe('delete');
  expect(operationOf('with "changed" as (update "tasks" set ...) select * from "changed"')).toBe('update');
  expect(operationOf('WITH recent AS (SELECT 1) SELECT * FROM recent')).toBe('select');
  expect(operationOf('begin')).toBe('other');
  expect(operationOf(undefined)).toBe('other');
});
