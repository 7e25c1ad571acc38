/**
 * How the arguments of a request channel must look. Every domain's channel file (solution.ts, servers.ts,
 * deploy.ts, ...) declares one rule per field; the boundary (electron/app/dispatch.ts) checks them before any
 * service runs. Messages name the field and never echo its value (it may be a password).
 */
export type FieldRule =
  | 'string'
  | 'string|null'
  | 'boolean'
  | 'string[]'
  /** A finite number. */
  | 'number'
  | 'integer'
  | 'integer|null'
  /** An integer 1-65535 or null. */
  | 'port|null'
  | { readonly oneOf: readonly string[] }
  /** The field may be left out (undefined); when present it follows `rule`. */
  | { readonly optional: FieldRule }
  | { readonly nullable: FieldRule }
  | { readonly arrayOf: FieldRule; readonly max?: number }
  | { readonly object: Readonly<Record<string, FieldRule>> };

export type ArgRules<A> = { readonly [K in keyof A]-?: FieldRule };

export const NO_ARGS = {} as const;

const MAX_STRING = 32_768;
const MAX_ARRAY = 10_000;
const MAX_DEPTH = 8;

const isString = (v: unknown): boolean => typeof v === 'string' && v.length <= MAX_STRING;
const isInteger = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);

function fieldProblem(rule: FieldRule, value: unknown, depth: number): string | null {
  if (depth > MAX_DEPTH) return 'is nested too deeply';
  if (typeof rule === 'object') {
    if ('oneOf' in rule) return typeof value === 'string' && rule.oneOf.includes(value) ? null : `must be one of ${rule.oneOf.join(', ')}`;
    if ('optional' in rule) return value === undefined ? null : fieldProblem(rule.optional, value, depth + 1);
    if ('nullable' in rule) return value === null ? null : fieldProblem(rule.nullable, value, depth + 1);
    if ('arrayOf' in rule) {
      if (!Array.isArray(value)) return 'must be a list';
      if (value.length > (rule.max ?? MAX_ARRAY)) return `must have at most ${rule.max ?? MAX_ARRAY} items`;
      for (let i = 0; i < value.length; i++) {
        const problem = fieldProblem(rule.arrayOf, value[i], depth + 1);
        if (problem) return `[${i}] ${problem}`;
      }
      return null;
    }
    return objectProblem(rule.object, value, depth + 1);
  }
  switch (rule) {
    case 'string':
      return isString(value) ? null : 'must be a string';
    case 'string|null':
      return value === null || isString(value) ? null : 'must be a string or null';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'string[]':
      return Array.isArray(value) && value.length <= MAX_ARRAY && value.every(isString) ? null : 'must be a list of strings';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'integer':
      return isInteger(value) ? null : 'must be an integer';
    case 'integer|null':
      return value === null || isInteger(value) ? null : 'must be an integer or null';
    case 'port|null':
      return value === null || (isInteger(value) && (value as number) >= 1 && (value as number) <= 65535)
        ? null
        : 'must be a TCP port (1-65535) or null';
  }
}

function objectProblem(rules: Readonly<Record<string, FieldRule>>, value: unknown, depth: number): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object';
  const given = value as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(rules, key)) return `has an unexpected field '${key}'`;
  }
  for (const [key, rule] of Object.entries(rules)) {
    const problem = fieldProblem(rule, given[key], depth);
    if (problem) return `.${key} ${problem}`;
  }
  return null;
}

/** Null when `args` fits `rules`, otherwise a message for `channel` naming the first field that does not. */
export function checkArgs(channel: string, rules: Readonly<Record<string, FieldRule>>, args: unknown): string | null {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return `${channel}: arguments must be an object`;
  const given = args as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(rules, key)) return `${channel}: unexpected argument '${key}'`;
  }
  for (const [key, rule] of Object.entries(rules)) {
    const problem = fieldProblem(rule, given[key], 0);
    if (problem) return `${channel}: '${key}'${problem.startsWith('.') || problem.startsWith('[') ? '' : ' '}${problem}`;
  }
  return null;
}
