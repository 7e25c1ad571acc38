/**
 * Evaluates SSIS expressions over a scope of variables and parameters. Types follow SSIS: integer arithmetic
 * stays integral (5 / 2 = 2), a string operand makes `+` a concatenation only when both sides are strings,
 * NULL propagates, `&&`/`||` short-circuit, casts convert as SSIS does (TRUE → -1).
 */
import { callFunction } from './functions.js';
import { parseExpression, type Expr } from './expression-parser.js';
import {
  convert,
  isDateType,
  isIntegerType,
  isNumericType,
  isRealType,
  isStringType,
  RuntimeError,
  type DtType,
  type TypedValue,
} from './values.js';

export interface ExpressionScope {
  /** Resolves `User::x`, `x`, `$Project::p`, `System::StartTime`; throws RuntimeError when unknown. */
  read(name: string): TypedValue;
  /** Expression Task assignment; converts to the variable's type. */
  write(name: string, value: TypedValue): void;
  now(): Date;
}

const cache = new Map<string, Expr>();

function parsed(src: string, allowAssignment: boolean): Expr {
  const key = `${allowAssignment ? '=' : ''}${src}`;
  let e = cache.get(key);
  if (!e) {
    e = parseExpression(src, allowAssignment);
    if (cache.size > 5000) cache.clear();
    cache.set(key, e);
  }
  return e;
}

export function evaluate(src: string, scope: ExpressionScope, allowAssignment = false): TypedValue {
  return evalExpr(parsed(src, allowAssignment), scope);
}

/** Evaluates an expression that must give a boolean (constraints, For Loop EvalExpression). */
export function evaluateBoolean(src: string, scope: ExpressionScope): boolean {
  const v = evaluate(src, scope);
  if (v.type !== 'DT_BOOL') throw new RuntimeError(`The expression "${src}" must evaluate to a Boolean (DT_BOOL), but it gave ${v.type}.`);
  return v.value === true;
}

const NULL_BOOL: TypedValue = { type: 'DT_BOOL', value: null };

function widerInteger(a: DtType, b: DtType): DtType {
  const order: DtType[] = ['DT_I1', 'DT_UI1', 'DT_I2', 'DT_UI2', 'DT_I4', 'DT_UI4', 'DT_I8', 'DT_UI8'];
  const w = Math.max(order.indexOf(a), order.indexOf(b));
  const t = order[w]!;
  return t === 'DT_I1' || t === 'DT_UI1' || t === 'DT_I2' || t === 'DT_UI2' ? 'DT_I4' : t;
}

function numericResult(a: DtType, b: DtType): DtType {
  if (a === 'DT_R8' || b === 'DT_R8' || a === 'DT_R4' || b === 'DT_R4') return 'DT_R8';
  if (isRealType(a) || isRealType(b)) return 'DT_NUMERIC';
  return widerInteger(a, b);
}

function requireBool(v: TypedValue, op: string): boolean | null {
  if (v.type !== 'DT_BOOL') throw new RuntimeError(`The operator "${op}" needs Boolean operands, but one is ${v.type}.`);
  return v.value as boolean | null;
}

function compare(l: TypedValue, r: TypedValue, op: string): TypedValue {
  if (l.value === null || r.value === null) return NULL_BOOL;
  let cmp: number;
  if (isStringType(l.type) && isStringType(r.type)) {
    const a = l.value as string;
    const b = r.value as string;
    cmp = a < b ? -1 : a > b ? 1 : 0;
  } else if (isNumericType(l.type) && isNumericType(r.type)) {
    cmp = (l.value as number) - (r.value as number);
  } else if (isDateType(l.type) || isDateType(r.type)) {
    const a = convert(l, 'DT_DBTIMESTAMP').value as Date;
    const b = convert(r, 'DT_DBTIMESTAMP').value as Date;
    cmp = a.getTime() - b.getTime();
  } else if (l.type === 'DT_BOOL' && r.type === 'DT_BOOL') {
    if (op !== '==' && op !== '!=') throw new RuntimeError(`The operator "${op}" cannot compare Boolean values.`);
    cmp = l.value === r.value ? 0 : 1;
  } else {
    throw new RuntimeError(`The data types ${l.type} and ${r.type} are incompatible for the comparison operator "${op}".`);
  }
  const result = op === '==' ? cmp === 0 : op === '!=' ? cmp !== 0 : op === '<' ? cmp < 0 : op === '>' ? cmp > 0 : op === '<=' ? cmp <= 0 : cmp >= 0;
  return { type: 'DT_BOOL', value: result };
}

function arithmetic(l: TypedValue, r: TypedValue, op: string): TypedValue {
  if (op === '+' && isStringType(l.type) && isStringType(r.type)) {
    if (l.value === null || r.value === null) return { type: 'DT_WSTR', value: null };
    return { type: 'DT_WSTR', value: (l.value as string) + (r.value as string) };
  }
  if (!isNumericType(l.type) || !isNumericType(r.type)) {
    throw new RuntimeError(`The data types ${l.type} and ${r.type} are incompatible for the binary operator "${op}".`);
  }
  const type = numericResult(l.type, r.type);
  if (l.value === null || r.value === null) return { type, value: null };
  const a = l.value as number;
  const b = r.value as number;
  const integral = isIntegerType(type);
  if ((op === '/' || op === '%') && b === 0) throw new RuntimeError('Divide by zero error encountered in the expression.');
  if (integral && (op === '&' || op === '|' || op === '^')) {
    const v = op === '&' ? Number(BigInt(a) & BigInt(b)) : op === '|' ? Number(BigInt(a) | BigInt(b)) : Number(BigInt(a) ^ BigInt(b));
    return { type, value: v };
  }
  let v: number;
  switch (op) {
    case '+': v = a + b; break;
    case '-': v = a - b; break;
    case '*': v = a * b; break;
    case '/': v = integral ? Math.trunc(a / b) : a / b; break;
    case '%':
      if (!integral) throw new RuntimeError('The modulo operator "%" needs integer operands.');
      v = a % b;
      break;
    default: throw new RuntimeError(`The operator "${op}" needs integer operands.`);
  }
  return { type, value: v };
}

function evalExpr(e: Expr, scope: ExpressionScope): TypedValue {
  switch (e.k) {
    case 'lit':
      return { type: e.type, value: e.value };
    case 'null':
      return { type: e.type, value: null };
    case 'var':
      return scope.read(e.name);
    case 'cast':
      return convert(evalExpr(e.arg, scope), e.type, isStringType(e.type) ? e.params[0] : undefined);
    case 'call':
      return callFunction(e.name, e.args.map((a) => evalExpr(a, scope)), scope.now);
    case 'cond': {
      const test = requireBool(evalExpr(e.test, scope), '?:');
      if (test === null) {
        const t = evalExpr(e.then, scope);
        return { type: t.type, value: null };
      }
      return evalExpr(test ? e.then : e.else, scope);
    }
    case 'unary': {
      const v = evalExpr(e.arg, scope);
      if (e.op === '!') {
        const b = requireBool(v, '!');
        return { type: 'DT_BOOL', value: b === null ? null : !b };
      }
      if (!isNumericType(v.type)) throw new RuntimeError(`The operator "${e.op}" needs a numeric operand, but it got ${v.type}.`);
      if (v.value === null) return v;
      return { type: v.type, value: e.op === '-' ? -(v.value as number) : ~(v.value as number) };
    }
    case 'binary': {
      if (e.op === '&&' || e.op === '||') {
        const l = requireBool(evalExpr(e.left, scope), e.op);
        if (e.op === '&&' && l === false) return { type: 'DT_BOOL', value: false };
        if (e.op === '||' && l === true) return { type: 'DT_BOOL', value: true };
        const r = requireBool(evalExpr(e.right, scope), e.op);
        if (e.op === '&&') return { type: 'DT_BOOL', value: r === false ? false : l === null || r === null ? null : true };
        return { type: 'DT_BOOL', value: r === true ? true : l === null || r === null ? null : false };
      }
      const l = evalExpr(e.left, scope);
      const r = evalExpr(e.right, scope);
      if (['==', '!=', '<', '>', '<=', '>='].includes(e.op)) return compare(l, r, e.op);
      if ((e.op === '&' || e.op === '|' || e.op === '^') && l.type === 'DT_BOOL' && r.type === 'DT_BOOL') {
        if (l.value === null || r.value === null) return NULL_BOOL;
        const a = l.value as boolean;
        const b = r.value as boolean;
        return { type: 'DT_BOOL', value: e.op === '&' ? a && b : e.op === '|' ? a || b : a !== b };
      }
      return arithmetic(l, r, e.op);
    }
    case 'assign': {
      const v = evalExpr(e.value, scope);
      scope.write(e.target, v);
      return scope.read(e.target);
    }
  }
}
