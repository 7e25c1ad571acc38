import { expect, test } from 'vitest';
import { checkArgs } from './rules.js';

test('nested objects, lists, optional and nullable fields are checked to the leaf', () => {
  const rules = {
    items: { arrayOf: { object: { name: 'string', port: 'port|null', note: { optional: 'string' } } }, max: 2 },
    mode: { nullable: { oneOf: ['a', 'b'] } },
  } as const;
  expect(checkArgs('x:y', rules, { items: [{ name: 'n', port: null }], mode: null })).toBeNull();
  expect(checkArgs('x:y', rules, { items: [{ name: 'n', port: 1, note: 'k' }], mode: 'a' })).toBeNull();
  expect(checkArgs('x:y', rules, { items: [{ name: 'n', port: 0 }], mode: 'a' })).toBe("x:y: 'items'[0] .port must be a TCP port (1-65535) or null");
  expect(checkArgs('x:y', rules, { items: [{ name: 'n', port: 1, extra: 1 }], mode: 'a' })).toMatch(/unexpected field 'extra'/);
  expect(checkArgs('x:y', rules, { items: [1, 2, 3], mode: 'a' })).toMatch(/at most 2 items/);
  expect(checkArgs('x:y', rules, { items: [], mode: 'c' })).toMatch(/'mode' must be one of a, b/);
});
