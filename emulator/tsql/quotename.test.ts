/** QUOTENAME as SQL Server documents it. */
import { describe, expect, test } from 'vitest';
import { quoteName } from './evaluate.js';

describe('QUOTENAME', () => {
  test('brackets by default, with ] doubled', () => {
    expect(quoteName('a]b[c', '[')).toBe('[a]]b[c]');
    expect(quoteName('', '[')).toBe('[]');
    expect(quoteName('x', ']')).toBe('[x]');
  });
  test('every documented delimiter doubles its closing character', () => {
    expect(quoteName("o'k", "'")).toBe("'o''k'");
    expect(quoteName('a"b', '"')).toBe('"a""b"');
    expect(quoteName('f(x)', '(')).toBe('(f(x)))');
    expect(quoteName('f(x)', ')')).toBe('(f(x)))');
    expect(quoteName('a<b>', '<')).toBe('<a<b>>>');
    expect(quoteName('a<b>', '>')).toBe('<a<b>>>');
    expect(quoteName('{a}', '{')).toBe('{{a}}}');
    expect(quoteName('{a}', '}')).toBe('{{a}}}');
    expect(quoteName('a`b', '`')).toBe('`a``b`');
  });
  test('NULL for NULL input, a NULL or unsupported delimiter, or more than 128 characters', () => {
    expect(quoteName(null, '[')).toBeNull();
    expect(quoteName('a', null)).toBeNull();
    expect(quoteName('a', 'x')).toBeNull();
    expect(quoteName('a', '')).toBeNull();
    expect(quoteName('x'.repeat(128), '[')).toBe(`[${'x'.repeat(128)}]`);
    expect(quoteName('x'.repeat(129), '[')).toBeNull();
  });
});
