/** The statements the T-SQL front end understands (anything else is handed to the engine as text). */
import type { SqlType, SqlValue } from '../engine/types.js';

export interface TypeSpec {
  readonly type: SqlType;
  /** The name as written (e.g. 'sysname', 'binary'), lower-case. */
  readonly name: string;
  /** Characters or bytes; -1 = max. */
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
}

export type Expr =
  | { readonly kind: 'literal'; readonly value: SqlValue; readonly type: TypeSpec }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'sysvar'; readonly name: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly kind: 'cast'; readonly expr: Expr; readonly type: TypeSpec }
  | { readonly kind: 'unary'; readonly op: '-' | '+'; readonly expr: Expr }
  | { readonly kind: 'binary'; readonly op: '+' | '-' | '*' | '/'; readonly left: Expr; readonly right: Expr };

export interface ExecArg {
  /** Lower-case without '@'; null for positional arguments. */
  readonly name: string | null;
  /** null = DEFAULT. */
  readonly expr: Expr | null;
  readonly output: boolean;
}

export interface SelectItem {
  readonly expr: Expr;
  readonly alias: string;
  /** SELECT @x = expr: assigns instead of returning a column. */
  readonly assignTo: string | null;
}

export type Statement =
  | { readonly kind: 'set-option'; readonly option: string; readonly text: string }
  | { readonly kind: 'set-var'; readonly name: string; readonly expr: Expr }
  | { readonly kind: 'use'; readonly database: string }
  | { readonly kind: 'declare'; readonly vars: readonly { readonly name: string; readonly type: TypeSpec; readonly init: Expr | null }[] }
  | { readonly kind: 'select'; readonly items: readonly SelectItem[] }
  | { readonly kind: 'exec'; readonly returnVar: string | null; readonly proc: string; readonly args: readonly ExecArg[] }
  | { readonly kind: 'begin-tran'; readonly name: string }
  | { readonly kind: 'commit'; readonly name: string }
  | { readonly kind: 'rollback'; readonly name: string }
  | { readonly kind: 'print'; readonly expr: Expr }
  | { readonly kind: 'raiserror'; readonly message: Expr; readonly severity: Expr; readonly state: Expr; readonly args: readonly Expr[] }
  /** Text the front end does not handle; passed to engine.query with the variables as parameters. */
  | { readonly kind: 'engine'; readonly text: string }
  /** SELECT @a = <col>, @b = <col> FROM ...: `text` is the query with the columns only; the last row's values are assigned. */
  | { readonly kind: 'select-assign'; readonly vars: readonly string[]; readonly text: string }
  | { readonly kind: 'waitfor-delay'; readonly delay: Expr }
  | { readonly kind: 'while'; readonly cond: Condition; readonly body: Statement }
  | { readonly kind: 'break' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'if'; readonly cond: Condition; readonly then: Statement; readonly else: Statement | null }
  | { readonly kind: 'block'; readonly body: readonly Statement[] }
  | { readonly kind: 'goto'; readonly label: string; readonly offset: number }
  | { readonly kind: 'label'; readonly name: string; readonly offset: number }
  | { readonly kind: 'return' };

export type CompareOp = '=' | '<>' | '<' | '>' | '<=' | '>=';

/** A search condition (IF); evaluates to true, false or unknown (NULL comparisons). */
export type Condition =
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'is-null'; readonly expr: Expr; readonly negated: boolean }
  | { readonly kind: 'in'; readonly expr: Expr; readonly list: readonly Expr[]; readonly negated: boolean }
  | { readonly kind: 'exists'; readonly select: string }
  | { readonly kind: 'not'; readonly cond: Condition }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition };
