/**
 * Parses a batch (or an sp_executesql statement) into statements. Statements the front end knows are
 * parsed fully; a SELECT with a FROM clause (or any other query shape) becomes an 'engine' statement whose
 * text runs to the next top-level ';' (SELECT) or to the end of the batch (anything else), because the
 * front end cannot know where such a statement ends otherwise.
 */
import type { CompareOp, Condition, ExecArg, Expr, SelectItem, Statement, TypeSpec } from './ast.js';
import { SqlSyntaxError, tokenize, type Token } from './lexer.js';
import { T, typeSpec } from './types.js';
import { KNOWN_FUNCTIONS } from './known-functions.js';
import { NOT_SUPPORTED, SqlRuntimeError } from './errors.js';

/** Words that start a statement, so they end the previous one (T-SQL needs no separators). */
const STATEMENT_START = new Set([
  'select', 'set', 'exec', 'execute', 'declare', 'use', 'begin', 'commit', 'rollback', 'print', 'if', 'insert', 'update',
  'delete', 'while', 'return', 'raiserror', 'waitfor', 'truncate', 'create', 'alter', 'drop', 'merge', 'with', 'goto',
  'save', 'throw', 'end', 'else', 'open', 'close', 'fetch', 'deallocate', 'grant', 'revoke', 'deny', 'bulk', 'checkpoint',
  'dbcc', 'kill', 'reconfigure', 'shutdown', 'backup', 'restore', 'go', 'break', 'continue',
]);

/** Reserved words: a syntax error next to one is error 156 ("near the keyword"), as in SQL Server. */
const RESERVED = new Set([
  ...STATEMENT_START, 'from', 'where', 'and', 'or', 'not', 'exists', 'is', 'null', 'as', 'then', 'case', 'when', 'in', 'like',
  'between', 'on', 'order', 'group', 'by', 'having', 'union', 'table', 'tran', 'transaction', 'into', 'values', 'top',
  'distinct', 'all', 'default', 'while', 'procedure', 'proc', 'function', 'view', 'database', 'key', 'primary', 'foreign',
  'references', 'identity', 'null', 'convert', 'cast', 'current_user', 'session_user', 'system_user', 'user', 'current_timestamp',
]);
RESERVED.delete('go');

const COMPARE_OPS: Readonly<Record<string, CompareOp>> = {
  '=': '=', '<>': '<>', '!=': '<>', '<': '<', '>': '>', '<=': '<=', '>=': '>=', '!<': '>=', '!>': '<=',
};

/** Limits for what clients send: IF/BEGIN nesting and statements per batch (SQL Server's are higher, but finite). */
const MAX_NESTING = 64;
const MAX_STATEMENTS = 10_000;

/** Words after a SELECT list that mean it is a real query the engine must run. */
const QUERY_CONTINUATION = new Set(['from', 'where', 'into', 'group', 'order', 'having', 'union', 'except', 'intersect', 'for', 'option']);

export function parseBatch(text: string): Statement[] {
  return new Parser(text).parseAll();
}

class Parser {
  private readonly toks: Token[];
  private i = 0;

  constructor(private readonly text: string) {
    this.toks = tokenize(text);
  }

  private peek(k = 0): Token | undefined {
    return this.toks[this.i + k];
  }

  private next(): Token {
    const t = this.toks[this.i];
    if (!t) throw new SqlSyntaxError('Incorrect syntax near the end of the statement.', this.text.length);
    this.i++;
    return t;
  }

  private isWord(t: Token | undefined, ...words: string[]): boolean {
    return !!t && t.kind === 'ident' && !t.quoted && words.includes(t.value.toLowerCase());
  }

  private isPunct(t: Token | undefined, p: string): boolean {
    return !!t && t.kind === 'punct' && t.value === p;
  }

  private expectPunct(p: string): Token {
    const t = this.next();
    if (t.kind !== 'punct' || t.value !== p) throw this.near(t);
    return t;
  }

  private near(t: Token | undefined): SqlSyntaxError {
    if (!t) return new SqlSyntaxError('Incorrect syntax near the end of the statement.', this.text.length);
    if (t.kind === 'ident' && !t.quoted && RESERVED.has(t.value.toLowerCase())) {
      return new SqlSyntaxError(`Incorrect syntax near the keyword '${t.value}'.`, t.start, 156);
    }
    return new SqlSyntaxError(`Incorrect syntax near '${this.shown(t)}'.`, t.start);
  }

  /** A token as written, except the value of SECRET = / PASSWORD =, which no message may show. */
  private shown(t: Token): string {
    const k = this.toks.indexOf(t);
    if (t.kind === 'string' && this.isPunct(this.toks[k - 1], '=') && this.isWord(this.toks[k - 2], 'secret', 'password')) return "'***'";
    return this.text.slice(t.start, t.end);
  }

  /** At a statement boundary: end of text, ';' or a statement keyword. */
  private atBoundary(): boolean {
    const t = this.peek();
    if (t?.kind === 'ident' && !t.quoted && this.isPunct(this.peek(1), ':')) return true; // a label
    return !t || this.isPunct(t, ';') || (t.kind === 'ident' && !t.quoted && STATEMENT_START.has(t.value.toLowerCase()));
  }

  parseAll(): Statement[] {
    const out: Statement[] = [];
    let first = true;
    while (this.i < this.toks.length) {
      if (this.isPunct(this.peek(), ';')) {
        this.i++;
        continue;
      }
      out.push(this.statement(first));
      first = false;
    }
    return out;
  }

  /** IF/BEGIN nesting and the number of statements parsed, both bounded. */
  private nesting = 0;
  private statements = 0;

  private enter(t: Token): void {
    if (++this.nesting > MAX_NESTING) {
      throw new SqlSyntaxError('Some part of your SQL statement is nested too deeply. Rewrite the query or break it up into smaller queries.', t.start, 191);
    }
  }

  private statement(firstInBatch: boolean): Statement {
    const t = this.peek();
    if (!t) throw this.near(t);
    if (++this.statements > MAX_STATEMENTS) throw new SqlSyntaxError(`A batch of more than ${MAX_STATEMENTS} statements ${NOT_SUPPORTED}.`, t.start, 8623);
    if (t.kind === 'ident' && !t.quoted) {
      const word = t.value.toLowerCase();
      // label:
      if (this.isPunct(this.peek(1), ':') && !RESERVED.has(word)) {
        this.i += 2;
        return { kind: 'label', name: t.value, offset: t.start };
      }
      switch (word) {
        case 'if':
          return this.ifStatement();
        case 'while':
          return this.whileStatement();
        case 'break':
        case 'continue':
          this.i++;
          return { kind: word };
        case 'waitfor':
          if (this.isWord(this.peek(1), 'delay')) {
            this.i += 2;
            return { kind: 'waitfor-delay', delay: this.expr() };
          }
          return this.engineToEnd();
        case 'goto': {
          this.i++;
          const label = this.next();
          if (label.kind !== 'ident' || label.quoted) throw this.near(label);
          return { kind: 'goto', label: label.value, offset: label.start };
        }
        case 'return':
          this.i++;
          // RETURN [value]: a batch's return value has no receiver; it is parsed and dropped.
          if (!this.atBoundary()) this.expr();
          return { kind: 'return' };
        case 'else':
        case 'end':
          throw this.near(t);
        case 'set':
          return this.set();
        case 'use':
          return this.use();
        case 'declare':
          return this.declare();
        case 'select':
          return this.select();
        case 'exec':
        case 'execute':
          this.i++;
          return this.exec();
        case 'begin':
          if (this.isWord(this.peek(1), 'tran', 'transaction')) return this.tran('begin-tran');
          if (this.isWord(this.peek(1), 'try', 'catch', 'distributed', 'dialog', 'conversation')) return this.engineToEnd();
          return this.block();
        case 'commit':
          return this.tran('commit');
        case 'rollback':
          return this.tran('rollback');
        case 'print':
          this.i++;
          return { kind: 'print', expr: this.expr() };
        case 'raiserror':
          return this.raiserror();
        default:
          if (STATEMENT_START.has(t.value.toLowerCase())) return this.engineToEnd();
      }
    }
    // A procedure name alone as the first statement of a batch is an EXEC (T-SQL rule).
    if (firstInBatch && t.kind === 'ident') return this.exec();
    throw this.near(t);
  }

  private set(): Statement {
    const start = this.next();
    const t = this.peek();
    if (t?.kind === 'var') {
      this.i++;
      this.expectPunct('=');
      return { kind: 'set-var', name: t.value.toLowerCase(), expr: this.expr() };
    }
    if (!t || t.kind !== 'ident') throw this.near(t);
    // SET <option> ...: read to the next boundary. The option values never contain statement keywords.
    const option = t.value.toLowerCase();
    let end = t.end;
    this.i++;
    while (!this.atBoundary()) end = this.next().end;
    return { kind: 'set-option', option, text: this.text.slice(start.start, end) };
  }

  private use(): Statement {
    this.next();
    const t = this.next();
    if (t.kind !== 'ident' && t.kind !== 'string') throw this.near(t);
    return { kind: 'use', database: t.value };
  }

  private typeSpec(): TypeSpec {
    const t = this.next();
    if (t.kind !== 'ident') throw this.near(t);
    let name = t.value;
    // Schema-qualified system types (sys.sysname) are accepted.
    if (this.isPunct(this.peek(), '.') && this.peek(1)?.kind === 'ident') {
      this.i++;
      name = this.next().value;
    }
    const args: (number | 'max')[] = [];
    if (this.isPunct(this.peek(), '(')) {
      this.i++;
      for (;;) {
        const a = this.next();
        if (a.kind === 'number' && /^\d+$/.test(a.value)) args.push(Number(a.value));
        else if (this.isWord(a, 'max')) args.push('max');
        else throw this.near(a);
        if (this.isPunct(this.peek(), ',')) {
          this.i++;
          continue;
        }
        this.expectPunct(')');
        break;
      }
    }
    return typeSpec(name, args, t.start);
  }

  private declare(): Statement {
    this.next();
    const vars: { name: string; type: TypeSpec; init: Expr | null }[] = [];
    for (;;) {
      const v = this.next();
      if (v.kind !== 'var') throw this.near(v);
      if (this.isWord(this.peek(), 'as')) this.i++;
      if (this.isWord(this.peek(), 'table', 'cursor')) {
        throw new SqlSyntaxError(`DECLARE ${this.peek()!.value.toUpperCase()} is not supported by the SQL Server Agent emulator.`, v.start);
      }
      const type = this.typeSpec();
      let init: Expr | null = null;
      if (this.isPunct(this.peek(), '=')) {
        this.i++;
        init = this.expr();
      }
      vars.push({ name: v.value.toLowerCase(), type, init });
      if (!this.isPunct(this.peek(), ',')) break;
      this.i++;
    }
    return { kind: 'declare', vars };
  }

  private select(): Statement {
    const startIndex = this.i;
    const start = this.next();
    const assign = this.selectAssignFrom(start);
    if (assign) return assign;
    try {
      const items: SelectItem[] = [];
      for (;;) {
        items.push(this.selectItem());
        if (!this.isPunct(this.peek(), ',')) break;
        this.i++;
      }
      const after = this.peek();
      if (this.isWord(after, ...QUERY_CONTINUATION) || !this.atBoundary()) throw new NeedsEngine(after?.start ?? 0);
      return { kind: 'select', items };
    } catch (e) {
      if (!(e instanceof SqlSyntaxError)) throw e;
      // A query: hand it to the engine, up to the next top-level ';'.
      this.i = startIndex;
      return this.engineToSemicolon(start);
    }
  }

  /**
   * SELECT @a = <expr>, @b = <expr> FROM ...: each expression's text becomes a column of a query the engine
   * runs. Null (the position is restored) when the list does not have that shape or no FROM follows.
   */
  private selectAssignFrom(start: Token): Statement | null {
    const save = this.i;
    const vars: string[] = [];
    const columns: string[] = [];
    for (;;) {
      const v = this.peek();
      if (v?.kind !== 'var' || !this.isPunct(this.peek(1), '=')) break;
      this.i += 2;
      const first = this.peek();
      let end = -1;
      let depth = 0;
      while (this.i < this.toks.length) {
        const t = this.peek()!;
        if (this.isPunct(t, '(')) depth++;
        else if (this.isPunct(t, ')')) depth--;
        else if (depth === 0 && (this.isPunct(t, ',') || this.isPunct(t, ';') || this.isWord(t, 'from') || (t.kind === 'ident' && !t.quoted && STATEMENT_START.has(t.value.toLowerCase())))) break;
        end = t.end;
        this.i++;
      }
      if (!first || end < 0) break;
      vars.push(v.value.toLowerCase());
      columns.push(this.text.slice(first.start, end));
      if (!this.isPunct(this.peek(), ',')) {
        if (!this.isWord(this.peek(), 'from')) break;
        const rest = this.engineToSemicolon(this.peek()!) as Extract<Statement, { kind: 'engine' }>;
        return { kind: 'select-assign', vars, text: `${this.text.slice(start.start, start.end)} ${columns.join(', ')} ${rest.text}` };
      }
      this.i++;
    }
    this.i = save;
    return null;
  }

  private selectItem(): SelectItem {
    const t = this.peek();
    if (this.isPunct(t, '*')) throw new NeedsEngine(t!.start);
    // SELECT @x = expr
    if (t?.kind === 'var' && this.isPunct(this.peek(1), '=')) {
      this.i += 2;
      return { expr: this.expr(), alias: '', assignTo: t.value.toLowerCase() };
    }
    // SELECT [alias] = expr
    if (t?.kind === 'ident' && this.isPunct(this.peek(1), '=') && (t.quoted || !STATEMENT_START.has(t.value.toLowerCase()))) {
      this.i += 2;
      return { expr: this.expr(), alias: t.value, assignTo: null };
    }
    const expr = this.expr();
    let alias = '';
    if (this.isWord(this.peek(), 'as')) {
      this.i++;
      const a = this.next();
      if (a.kind !== 'ident' && a.kind !== 'string') throw this.near(a);
      alias = a.value;
    } else {
      const a = this.peek();
      if (a && !this.isPunct(this.peek(1), ':') && (a.kind === 'string' || (a.kind === 'ident' && (a.quoted || !(STATEMENT_START.has(a.value.toLowerCase()) || QUERY_CONTINUATION.has(a.value.toLowerCase())))))) {
        this.i++;
        alias = a.value;
      }
    }
    return { expr, alias, assignTo: null };
  }

  private exec(): Statement {
    let returnVar: string | null = null;
    const first = this.peek();
    if (this.isPunct(first, '(')) {
      throw new SqlSyntaxError('EXEC of a dynamic string is not supported by the SQL Server Agent emulator.', first!.start);
    }
    if (first?.kind === 'var' && this.isPunct(this.peek(1), '=')) {
      returnVar = first.value.toLowerCase();
      this.i += 2;
    }
    const proc = this.procName();
    const args: ExecArg[] = [];
    if (!this.atBoundary()) {
      for (;;) {
        args.push(this.execArg());
        if (!this.isPunct(this.peek(), ',')) break;
        this.i++;
      }
    }
    if (!this.atBoundary()) throw this.near(this.peek());
    return { kind: 'exec', returnVar, proc, args };
  }

  /** A multi-part name as written, with brackets kept so the engine sees exactly what the client wrote. */
  private procName(): string {
    const first = this.peek();
    if (!first || (first.kind !== 'ident' && !this.isPunct(first, '.'))) throw this.near(first);
    const start = first.start;
    let end = start;
    let expectName = true;
    while (this.i < this.toks.length) {
      const t = this.peek()!;
      if (this.isPunct(t, '.')) {
        end = t.end;
        this.i++;
        expectName = true;
        continue;
      }
      if (t.kind === 'ident' && expectName && (t.start === end || end === start)) {
        end = t.end;
        this.i++;
        expectName = false;
        continue;
      }
      break;
    }
    if (end === start) throw this.near(first);
    return this.text.slice(start, end);
  }

  private execArg(): ExecArg {
    let name: string | null = null;
    const t = this.peek();
    if (t?.kind === 'var' && this.isPunct(this.peek(1), '=')) {
      name = t.value.toLowerCase();
      this.i += 2;
    }
    let expr: Expr | null;
    const v = this.peek();
    if (this.isWord(v, 'default')) {
      this.i++;
      expr = null;
    } else if (v?.kind === 'ident' && !this.isPunct(this.peek(1), '(') && !this.isWord(v, 'null')) {
      // Unquoted strings are allowed as procedure arguments (EXEC sp_help_job @job_name = MyJob).
      this.i++;
      expr = { kind: 'literal', value: v.value, type: T.nvarchar(Math.max(1, v.value.length)) };
    } else {
      expr = this.expr();
    }
    let output = false;
    if (this.isWord(this.peek(), 'output', 'out')) {
      this.i++;
      output = true;
    }
    return { name, expr, output };
  }

  private tran(kind: 'begin-tran' | 'commit' | 'rollback'): Statement {
    this.next();
    if (kind === 'begin-tran') this.next();
    else if (this.isWord(this.peek(), 'tran', 'transaction', 'work')) this.i++;
    let name = '';
    const t = this.peek();
    // (a name, not the label that follows: "ROLLBACK TRANSACTION\nEndSave:")
    if (t && !this.isPunct(this.peek(1), ':') && (t.kind === 'var' || (t.kind === 'ident' && (t.quoted || !STATEMENT_START.has(t.value.toLowerCase()))))) {
      this.i++;
      name = t.value;
    }
    return { kind, name };
  }

  private raiserror(): Statement {
    this.next();
    this.expectPunct('(');
    const message = this.expr();
    this.expectPunct(',');
    const severity = this.expr();
    this.expectPunct(',');
    const state = this.expr();
    const args: Expr[] = [];
    while (this.isPunct(this.peek(), ',')) {
      this.i++;
      args.push(this.expr());
    }
    this.expectPunct(')');
    if (this.isWord(this.peek(), 'with')) {
      this.i++;
      this.next();
      while (this.isPunct(this.peek(), ',')) {
        this.i++;
        this.next();
      }
    }
    return { kind: 'raiserror', message, severity, state, args };
  }

  /**
   * The rest of the batch from the current statement on; inside BEGIN ... END, the rest of the block
   * (up to the END that closes it, counting nested BEGIN/CASE ... END).
   */
  private engineToEnd(): Statement {
    const first = this.peek()!;
    if (this.nesting === 0) {
      this.i = this.toks.length;
      return { kind: 'engine', text: this.text.slice(first.start).trim() };
    }
    let depth = 0;
    let end = first.start;
    while (this.i < this.toks.length) {
      const t = this.peek()!;
      if (this.isWord(t, 'begin', 'case')) depth++;
      else if (this.isWord(t, 'end')) {
        if (depth === 0) break;
        depth--;
      }
      end = t.end;
      this.i++;
    }
    return { kind: 'engine', text: this.text.slice(first.start, end).trim() };
  }

  /** BEGIN statement... END. */
  private block(): Statement {
    const begin = this.next();
    this.enter(begin);
    const body: Statement[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) throw this.near(t);
      if (this.isPunct(t, ';')) {
        this.i++;
        continue;
      }
      if (this.isWord(t, 'end')) {
        if (body.length === 0) throw this.near(t);
        this.i++;
        break;
      }
      body.push(this.statement(false));
    }
    this.nesting--;
    return { kind: 'block', body };
  }

  /** `IF`/`WHILE` and its condition; null, back at the keyword, when only the engine can evaluate the condition. */
  private keywordAndCondition(): { keyword: Token; cond: Condition } | null {
    const start = this.i;
    const keyword = this.next();
    try {
      return { keyword, cond: this.condition() };
    } catch (e) {
      if (!(e instanceof NeedsEngine)) throw e;
      this.i = start;
      return null;
    }
  }

  /** IF condition statement [ELSE statement]. A condition the front end cannot evaluate goes to the engine whole. */
  private ifStatement(): Statement {
    const head = this.keywordAndCondition();
    if (!head) return this.engineToEnd();
    const { cond } = head;
    this.enter(head.keyword);
    const thenTok = this.peek();
    if (!thenTok || this.isWord(thenTok, 'else') || this.isPunct(thenTok, ';')) throw this.near(thenTok);
    const then = this.statement(false);
    let otherwise: Statement | null = null;
    let j = this.i;
    while (this.isPunct(this.toks[j], ';')) j++;
    if (this.isWord(this.toks[j], 'else')) {
      this.i = j + 1;
      const elseTok = this.peek();
      if (!elseTok || this.isPunct(elseTok, ';')) throw this.near(elseTok);
      otherwise = this.statement(false);
    }
    this.nesting--;
    return { kind: 'if', cond, then, else: otherwise };
  }

  /** WHILE condition statement. A condition the front end cannot evaluate sends the rest to the engine. */
  private whileStatement(): Statement {
    const head = this.keywordAndCondition();
    if (!head) return this.engineToEnd();
    const { cond } = head;
    this.enter(head.keyword);
    const bodyTok = this.peek();
    if (!bodyTok || this.isPunct(bodyTok, ';')) throw this.near(bodyTok);
    const body = this.statement(false);
    this.nesting--;
    return { kind: 'while', cond, body };
  }

  // --- search conditions: OR over AND over NOT over predicates ---

  private condition(): Condition {
    if (this.depth === 0) this.operators = 0;
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw tooDeep();
    try {
      let left = this.andCondition();
      while (this.isWord(this.peek(), 'or')) {
        this.i++;
        this.countOperator();
        left = { kind: 'or', left, right: this.andCondition() };
      }
      return left;
    } finally {
      this.depth--;
    }
  }

  private andCondition(): Condition {
    let left = this.notCondition();
    while (this.isWord(this.peek(), 'and')) {
      this.i++;
      this.countOperator();
      left = { kind: 'and', left, right: this.notCondition() };
    }
    return left;
  }

  private notCondition(): Condition {
    const t = this.peek();
    if (this.isWord(t, 'not')) {
      this.i++;
      if (++this.depth > MAX_EXPRESSION_DEPTH) throw tooDeep();
      try {
        return { kind: 'not', cond: this.notCondition() };
      } finally {
        this.depth--;
      }
    }
    return this.predicate();
  }

  private predicate(): Condition {
    const t = this.peek();
    if (this.isWord(t, 'exists')) {
      this.i++;
      return { kind: 'exists', select: this.subquery() };
    }
    if (this.isPunct(t, '(')) {
      // "(condition)" or an expression in parentheses that a comparison follows: try the first, else the second.
      const save = this.i;
      try {
        this.i++;
        const c = this.condition();
        this.expectPunct(')');
        const after = this.peek();
        if (!(after?.kind === 'punct' && Object.hasOwn(COMPARE_OPS, after.value)) && !this.isWord(after, 'is', 'in', 'not')) return c;
      } catch (e) {
        if (!(e instanceof SqlSyntaxError) || e instanceof NeedsEngine) throw e;
      }
      this.i = save;
    }
    const left = this.expr();
    const op = this.peek();
    if (op?.kind === 'punct' && Object.hasOwn(COMPARE_OPS, op.value)) {
      this.i++;
      return { kind: 'compare', op: COMPARE_OPS[op.value]!, left, right: this.expr() };
    }
    if (this.isWord(op, 'is')) {
      this.i++;
      const negated = this.isWord(this.peek(), 'not');
      if (negated) this.i++;
      const n = this.next();
      if (!this.isWord(n, 'null')) throw this.near(n);
      return { kind: 'is-null', expr: left, negated };
    }
    const negated = this.isWord(op, 'not') && this.isWord(this.peek(1), 'in');
    if (negated) this.i++;
    if (this.isWord(this.peek(), 'in')) {
      this.i++;
      this.expectPunct('(');
      if (this.isWord(this.peek(), 'select')) throw new NeedsEngine(this.peek()!.start);
      const list: Expr[] = [];
      for (;;) {
        list.push(this.expr());
        if (!this.isPunct(this.peek(), ',')) break;
        this.i++;
      }
      this.expectPunct(')');
      return { kind: 'in', expr: left, list, negated };
    }
    throw this.near(op);
  }

  /** (SELECT ...) of EXISTS: the text inside the parentheses, for the engine. */
  private subquery(): string {
    const open = this.expectPunct('(');
    if (!this.isWord(this.peek(), 'select', 'with')) throw this.near(this.peek());
    let depth = 1;
    for (;;) {
      const t = this.next();
      if (this.isPunct(t, '(')) depth++;
      else if (this.isPunct(t, ')') && --depth === 0) return this.text.slice(open.end, t.start).trim();
    }
  }

  private engineToSemicolon(start: Token): Statement {
    let depth = 0;
    let cases = 0;
    let end = start.end;
    while (this.i < this.toks.length) {
      const t = this.peek()!;
      if (this.isPunct(t, '(')) depth++;
      else if (this.isPunct(t, ')')) depth--;
      else if (depth <= 0 && this.isPunct(t, ';')) break;
      else if (this.isWord(t, 'case')) cases++;
      else if (this.isWord(t, 'end') && cases > 0) cases--;
      // Inside IF/BEGIN, ELSE and END belong to the enclosing statement.
      else if (this.nesting > 0 && depth <= 0 && cases === 0 && this.isWord(t, 'else', 'end')) break;
      end = t.end;
      this.i++;
    }
    return { kind: 'engine', text: this.text.slice(start.start, end) };
  }

  paramDeclarations(): ParamDeclaration[] {
    const out: ParamDeclaration[] = [];
    while (this.i < this.toks.length) {
      const v = this.next();
      if (v.kind !== 'var') throw this.near(v);
      if (this.isWord(this.peek(), 'as')) this.i++;
      const typeAt = this.i;
      let type: TypeSpec;
      let table: { schema: string; name: string } | null = null;
      try {
        type = this.typeSpec();
      } catch (e) {
        // Not a system type: a user-defined table type, which is always READONLY.
        if (!(e instanceof SqlSyntaxError)) throw e;
        this.i = typeAt;
        const first = this.next();
        let schema = '';
        let name = first.value;
        if (this.isPunct(this.peek(), '.') && this.peek(1)?.kind === 'ident') {
          this.i++;
          schema = name;
          name = this.next().value;
        }
        if (first.kind !== 'ident' || !this.isWord(this.peek(), 'readonly')) throw e;
        table = { schema, name };
        type = T.int;
      }
      if (this.isPunct(this.peek(), '=')) throw new SqlSyntaxError('Parameter defaults in @params are not supported by the SQL Server Agent emulator.', v.start);
      let output = false;
      if (this.isWord(this.peek(), 'output', 'out')) {
        this.i++;
        output = true;
      }
      if (this.isWord(this.peek(), 'readonly')) this.i++;
      out.push({ name: v.value.toLowerCase(), type, output, ...(table ? { table } : {}) });
      if (this.i >= this.toks.length) break;
      this.expectPunct(',');
    }
    return out;
  }

  // --- expressions: additive over unary over primary ---

  expr(): Expr {
    // Parsing and evaluation recurse: refuse expressions nested or chained deeper than any client sends.
    if (this.depth === 0) this.operators = 0;
    if (++this.depth > MAX_EXPRESSION_DEPTH) throw tooDeep();
    try {
      let left = this.term();
      for (;;) {
        const t = this.peek();
        if (this.isPunct(t, '+') || this.isPunct(t, '-')) {
          this.i++;
          left = { kind: 'binary', op: t!.value as '+' | '-', left, right: this.term() };
          this.countOperator();
        } else return left;
      }
    } finally {
      this.depth--;
    }
  }

  private depth = 0;
  private operators = 0;

  private countOperator(): void {
    if (++this.operators > MAX_EXPRESSION_OPERATORS) throw tooDeep();
  }

  private term(): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, '*') || this.isPunct(t, '/')) {
        this.i++;
        left = { kind: 'binary', op: t!.value as '*' | '/', left, right: this.unary() };
        this.countOperator();
      } else return left;
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (this.isPunct(t, '-') || this.isPunct(t, '+')) {
      this.i++;
      this.countOperator();
      if (++this.depth > MAX_EXPRESSION_DEPTH) throw tooDeep();
      try {
        return { kind: 'unary', op: t!.value as '-' | '+', expr: this.unary() };
      } finally {
        this.depth--;
      }
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'literal', value: t.value, type: t.unicode ? T.nvarchar(Math.max(1, t.value.length)) : T.varchar(Math.max(1, t.value.length)) };
      case 'number':
        return numberLiteral(t.value);
      case 'binary': {
        const hex = t.value.length % 2 ? `0${t.value}` : t.value;
        const value = Buffer.from(hex, 'hex');
        return { kind: 'literal', value, type: T.varbinary(Math.max(1, value.length)) };
      }
      case 'var':
        return { kind: 'var', name: t.value.toLowerCase() };
      case 'sysvar':
        return { kind: 'sysvar', name: t.value.toLowerCase() };
      case 'punct':
        if (t.value === '(') {
          const e = this.expr();
          this.expectPunct(')');
          return e;
        }
        throw this.near(t);
      case 'ident': {
        const word = t.value.toLowerCase();
        if (!t.quoted && word === 'null') return { kind: 'literal', value: null, type: T.int };
        if (!t.quoted && (word === 'system_user' || word === 'current_user' || word === 'session_user' || word === 'user' || word === 'current_timestamp')) {
          return { kind: 'call', fn: word, args: [] };
        }
        if (!this.isPunct(this.peek(), '(')) throw new NeedsEngine(t.start);
        if (!t.quoted && word !== 'cast' && word !== 'convert' && word !== 'try_convert' && !KNOWN_FUNCTIONS.has(word)) throw new NeedsEngine(t.start);
        this.i++;
        if (!t.quoted && word === 'cast') {
          const e = this.expr();
          if (!this.isWord(this.next(), 'as')) throw this.near(this.toks[this.i - 1]);
          const type = this.typeSpec();
          this.expectPunct(')');
          return { kind: 'cast', expr: e, type };
        }
        if (!t.quoted && (word === 'convert' || word === 'try_convert')) {
          const type = this.typeSpec();
          this.expectPunct(',');
          const e = this.expr();
          if (this.isPunct(this.peek(), ',')) {
            this.i++;
            this.expr();
          }
          this.expectPunct(')');
          return { kind: 'cast', expr: e, type };
        }
        const args: Expr[] = [];
        if (!this.isPunct(this.peek(), ')')) {
          for (;;) {
            args.push(this.expr());
            if (!this.isPunct(this.peek(), ',')) break;
            this.i++;
          }
        }
        this.expectPunct(')');
        return { kind: 'call', fn: word, args };
      }
      default:
        throw this.near(t);
    }
  }
}

const MAX_EXPRESSION_DEPTH = 64;
const MAX_EXPRESSION_OPERATORS = 2000;

function tooDeep(): SqlRuntimeError {
  return new SqlRuntimeError(191, 'Some part of your SQL statement is nested too deeply. Rewrite the query or break it up into smaller queries.', 15);
}

/** Signals that a SELECT is a query for the engine rather than a constant SELECT. */
class NeedsEngine extends SqlSyntaxError {
  constructor(offset = 0) {
    super(`This statement ${NOT_SUPPORTED} here.`, offset);
  }
}

function numberLiteral(text: string): Expr {
  if (/^\d+$/.test(text)) {
    const big = BigInt(text);
    if (big <= 2147483647n) return { kind: 'literal', value: Number(text), type: T.int };
    if (big <= 9223372036854775807n) return { kind: 'literal', value: big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(text) : big, type: T.bigint };
  }
  if (/[eE]/.test(text)) return { kind: 'literal', value: Number(text), type: T.float };
  const [whole = '', frac = ''] = text.split('.');
  const precision = Math.min(38, Math.max(1, whole.replace(/^0+/, '').length + frac.length));
  return { kind: 'literal', value: Number(text), type: T.decimal(Math.max(precision, frac.length), frac.length) };
}

/** Parses an sp_executesql @params list: "@a int, @b nvarchar(50) OUTPUT". */
export function parseParamDeclarations(text: string): ParamDeclaration[] {
  return new Parser(text).paramDeclarations();
}

export interface ParamDeclaration {
  readonly name: string;
  readonly type: TypeSpec;
  readonly output: boolean;
  /** A READONLY table-valued parameter of this user-defined table type (then `type` is a placeholder). */
  readonly table?: { readonly schema: string; readonly name: string };
}
