import { describe, expect, it } from 'vitest';
import { evaluate, evaluateBoolean, type ExpressionScope } from './expression.js';
import { RuntimeError, type TypedValue } from './values.js';

function scope(vars: Record<string, TypedValue>): ExpressionScope {
  return {
    read(name) {
      const v = vars[name];
      if (!v) throw new RuntimeError(`The variable "${name}" was not found in the Variables collection.`);
      return v;
    },
    write(name, value) {
      vars[name] = value;
    },
    now: () => new Date(2024, 0, 31, 13, 45, 0),
  };
}

const s = scope({ 'User::n': { type: 'DT_I4', value: 7 }, 'User::name': { type: 'DT_WSTR', value: 'Orders' }, '$Project::Env': { type: 'DT_WSTR', value: 'DEV' } });
const v = (e: string) => evaluate(e, s).value;

describe('SSIS expressions', () => {
  it('keeps integer arithmetic integral and follows precedence', () => {
    expect(v('5 / 2')).toBe(2);
    expect(v('1 + 2 * 3')).toBe(7);
    expect(v('(1 + 2) * 3')).toBe(9);
    expect(v('7 % 3')).toBe(1);
    expect(v('5.0 / 2')).toBe(2.5);
    expect(v('-@[User::n] + 1')).toBe(-6);
  });
  it('reads variables and parameters in all their spellings', () => {
    expect(v('@[User::n] * 2')).toBe(14);
    expect(v('"Load " + @[User::name] + " on " + @[$Project::Env]')).toBe('Load Orders on DEV');
  });
  it('casts as SSIS does', () => {
    expect(v('(DT_WSTR, 10) @[User::n]')).toBe('7');
    expect(v('(DT_I4) "42"')).toBe(42);
    expect(v('(DT_I4) TRUE')).toBe(-1);
    expect(v('(DT_WSTR, 30) GETDATE()')).toBe('2024-01-31 13:45:00');
    expect(v('(DT_BOOL) "True"')).toBe(true);
    expect(() => v('(DT_WSTR, 2) "abc"')).toThrow(/longer than 2/);
  });
  it('compares, short-circuits and chooses', () => {
    expect(evaluateBoolean('@[User::n] > 5 && @[User::name] == "Orders"', s)).toBe(true);
    expect(evaluateBoolean('FALSE && (1 / 0 == 1)', s)).toBe(false);
    expect(v('@[User::n] > 5 ? "big" : "small"')).toBe('big');
  });
  it('has the common string, date and math functions', () => {
    expect(v('UPPER(LEFT(@[User::name], 3))')).toBe('ORD');
    expect(v('SUBSTRING("abcdef", 2, 3)')).toBe('bcd');
    expect(v('FINDSTRING("a,b,c", ",", 2)')).toBe(4);
    expect(v('REPLACE("a-b-c", "-", "+")')).toBe('a+b+c');
    expect(v('TOKEN("a;b;c", ";", 2)')).toBe('b');
    expect(v('TOKENCOUNT("a;b;c", ";")')).toBe(3);
    expect(v('RIGHT("000" + (DT_WSTR, 3) @[User::n], 3)')).toBe('007');
    expect(v('DATEPART("yyyy", GETDATE())')).toBe(2024);
    expect(v('DATEDIFF("dd", (DT_DBTIMESTAMP) "2024-01-01", GETDATE())')).toBe(30);
    expect((v('DATEADD("Minute", -5, GETDATE())') as Date).getMinutes()).toBe(40);
    expect(v('ABS(-3)')).toBe(3);
    expect(v('POWER(2, 10)')).toBe(1024);
    expect(v('ISNULL(NULL(DT_WSTR, 10))')).toBe(true);
    expect(v('REPLACENULL(NULL(DT_I4), 5)')).toBe(5);
  });
  it('covers the rest of the function set and NULL propagation', () => {
    expect(v('HEX(255)')).toBe('FF');
    expect(v('CODEPOINT("A")')).toBe(65);
    expect(v('REVERSE("abc")')).toBe('cba');
    expect(v('LTRIM("  a ") + "|" + RTRIM(" a  ") + "|"')).toBe('a | a|');
    expect(v('LEN(REPLICATE("ab", 3))')).toBe(6);
    expect([v('YEAR(GETDATE())'), v('MONTH(GETDATE())'), v('DAY(GETDATE())')]).toEqual([2024, 1, 31]);
    expect(v('DATEPART("dw", GETDATE())')).toBe(4);
    expect(v('DATEPART("hh", GETDATE())')).toBe(13);
    expect(v('ROUND(2.567, 2)')).toBe(2.57);
    expect([v('CEILING(2.1)'), v('FLOOR(-2.1)'), v('SIGN(-7)')]).toEqual([3, -3, -1]);
    expect(v('12 & 10')).toBe(8);
    expect(v('12 | 3')).toBe(15);
    expect(v('"abc" < "abd"')).toBe(true);
    expect(v('NULL(DT_I4) + 1')).toBeNull();
    expect(v('LEN(NULL(DT_WSTR, 5))')).toBeNull();
    expect(v('ISNULL(@[User::name]) ? "none" : @[User::name]')).toBe('Orders');
    expect(v('(DT_DBDATE) "2024-02-29 10:00:00"')).toEqual(new Date(2024, 1, 29));
    expect(v('DATEADD("mm", 1, (DT_DBTIMESTAMP) "2024-01-15")')).toEqual(new Date(2024, 1, 15));
  });

  it('assigns in the Expression Task form', () => {
    const vars: Record<string, TypedValue> = { 'User::x': { type: 'DT_I4', value: 0 } };
    const sc = scope(vars);
    evaluate('@[User::x] = 3 * 4', sc, true);
    expect(vars['User::x']!.value).toBe(12);
  });
  it('reports syntax, type and lookup errors in SSIS words', () => {
    expect(() => v('1 +')).toThrow(/Attempt to parse the expression "1 \+" failed/);
    expect(() => v('"a" * 2')).toThrow(/incompatible/);
    expect(() => v('@[User::missing]')).toThrow(/was not found in the Variables collection/);
    expect(() => v('NOSUCH(1)')).toThrow(/was not recognized/);
    expect(() => v('1 / 0')).toThrow(/Divide by zero/);
  });
});
