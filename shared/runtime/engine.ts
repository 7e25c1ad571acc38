/**
 * The built-in engine: runs a package's control flow the way the SSIS runtime does. Containers start the
 * executables whose precedence constraints hold (Success/Failure/Completion, expressions, AND/OR), in
 * parallel; disabled executables count as succeeded; errors count up the container chain and a container
 * fails when its count reaches MaximumErrorCount (0 = no limit) or a child with FailParentOnFailure fails;
 * FailPackageOnFailure fails the package. OnPreExecute/OnPostExecute/OnError run the handlers of the
 * executable and its ancestors (until one sets System::Propagate to False). Output is in SSIS's words.
 */
import type { RunMessage, RunMessageLevel, RunNode, RunNodeKind, RunNodeState } from '../contract/runs.js';
import { childElements, textContent } from '../xml/query.js';
import { findLimitations } from './blockers.js';
import { evaluate, evaluateBoolean } from './expression.js';
import { enumerateItems, enumeratorMoniker } from './foreach.js';
import type { ConnectionDef, ConstraintDef, ExecutableDef, PackageDef, ProjectDef } from './model.js';
import { Scope } from './scope.js';
import { TaskError, type CancelSignal, type ChildPackageRequest, type EngineHost, type ResolvedConnection, type RunResult, type TaskContext } from './task-api.js';
import { normalizeTaskType } from './task-types.js';
import { convert, RuntimeError, valueToString, type DtType, type TypedValue } from './values.js';

export interface RunListener {
  output(line: string): void;
  node(node: RunNode): void;
}

export interface PackageRunOptions {
  readonly pkg: PackageDef;
  /** Shown in "SSIS package "<path>" starting." */
  readonly displayPath: string;
  readonly project: ProjectDef | null;
  readonly host: EngineHost;
  readonly listener: RunListener;
  /** `$Package::x`, `$Project::x` or a bare package parameter name → value text (dtexec /Par, Execute Package Task). */
  readonly parameters?: ReadonlyMap<string, TypedValue>;
  /** dtexec /SET: property path → value text. */
  readonly sets?: readonly { readonly path: string; readonly value: string }[];
  /** dtexec /CONNECTION: connection manager name or DTSID → connection string. */
  readonly connections?: ReadonlyMap<string, string>;
  /** Progress node id prefix and parent, when this package runs inside an Execute Package Task. */
  readonly parentNodeId?: string | null;
  readonly signal?: RunCancel;
}

/** The cancellation flag shared by a run and the child packages it starts. */
export class RunCancel implements CancelSignal {
  private flag = false;
  private readonly callbacks = new Set<() => void>();
  get cancelled(): boolean {
    return this.flag;
  }
  cancel(): void {
    if (this.flag) return;
    this.flag = true;
    for (const cb of [...this.callbacks]) cb();
    this.callbacks.clear();
  }
  onCancel(callback: () => void): () => void {
    if (this.flag) {
      callback();
      return () => undefined;
    }
    this.callbacks.add(callback);
    return () => this.callbacks.delete(callback);
  }
}

type ExecResult = 'success' | 'failure' | 'completion';

interface Frame {
  readonly exec: ExecutableDef;
  readonly parent: Frame | null;
  readonly scope: Scope;
  readonly nodeId: string;
  /** Inside an event handler: events are not raised again (no handler recursion). */
  readonly inHandler: boolean;
  errors: number;
  childFailedParent: boolean;
}

interface NodeState {
  id: string;
  parentId: string | null;
  path: string;
  name: string;
  kind: RunNodeKind;
  taskType: string;
  state: RunNodeState;
  start: string | null;
  end: string | null;
  messages: RunMessage[];
}

const KIND: Readonly<Record<ExecutableDef['kind'], RunNodeKind>> = { package: 'package', sequence: 'sequence', forLoop: 'forLoop', foreachLoop: 'foreachLoop', task: 'task' };

/** `Package\Seq\Task` → `\Package\Seq\Task`, the path form SSIS messages and /SET use. */
function pathOf(refId: string): string {
  return `\\${refId}`;
}

export class PackageRun {
  private readonly signal: RunCancel;
  private readonly nodes = new Map<string, NodeState>();
  private packageFailed = false;
  private readonly connectionDefs: ConnectionDef[];
  private rootScope!: Scope;
  private readonly startTime: Date;

  constructor(private readonly o: PackageRunOptions) {
    this.signal = o.signal ?? new RunCancel();
    this.connectionDefs = [...o.pkg.connections, ...(o.project?.connections ?? [])];
    this.startTime = o.host.now();
  }

  cancel(): void {
    this.signal.cancel();
  }

  async run(): Promise<RunResult> {
    const { pkg, listener } = this.o;
    listener.output(`SSIS package "${this.o.displayPath}" starting.`);
    for (const text of findLimitations(pkg)) this.emitLine('warning', '0x80000000', pkg.root.name, '', text);
    const rootId = this.o.parentNodeId ? `${this.o.parentNodeId}\\${pkg.root.refId}` : pkg.root.refId;
    let result: ExecResult;
    try {
      const params = this.parameterMaps();
      this.rootScope = new Scope(null, pkg.root.variables, params, () => this.o.host.now());
      this.defineSystemVariables(this.rootScope);
      this.applySets();
      result = await this.runExecutable(null, pkg.root, rootId, this.rootScope);
    } catch (e) {
      // Errors before the control flow starts (a bad /SET, a required parameter without a value).
      this.emitLine('error', '0xC0010018', pkg.root.name, '', (e as Error).message);
      result = 'failure';
    }
    const outcome: RunResult = this.signal.cancelled ? 'cancelled' : result === 'failure' || this.packageFailed ? 'failure' : 'success';
    listener.output(`SSIS package "${this.o.displayPath}" finished: ${outcome === 'success' ? 'Success' : outcome === 'failure' ? 'Failure' : 'Canceled'}.`);
    return outcome;
  }

  // ---- parameters, /SET, system variables -------------------------------------------------------------

  private parameterMaps(): { pkg: Map<string, TypedValue>; project: Map<string, TypedValue> } {
    const pkg = new Map(this.o.pkg.parameters.map((p) => [p.name, p.value] as const));
    const project = new Map((this.o.project?.parameters ?? []).map((p) => [p.name, p.value] as const));
    const declared = new Map<string, DtType>([...this.o.pkg.parameters.map((p) => [`$Package::${p.name}`, p.type] as const), ...(this.o.project?.parameters ?? []).map((p) => [`$Project::${p.name}`, p.type] as const)]);
    for (const [raw, value] of this.o.parameters ?? []) {
      const name = raw.startsWith('$') ? raw.replace(/^\$package::/i, '$Package::').replace(/^\$project::/i, '$Project::') : `$Package::${raw}`;
      const type = declared.get(name);
      if (!type) throw new RuntimeError(`The parameter "${raw}" does not exist in the package or project.`);
      (name.startsWith('$Project::') ? project : pkg).set(name.slice(name.indexOf('::') + 2), convert(value, type));
    }
    for (const p of this.o.pkg.parameters) {
      if (p.required && !(this.o.parameters?.has(p.name) || this.o.parameters?.has(`$Package::${p.name}`)) && valueToString(p.value) === '') {
        throw new RuntimeError(`The package parameter "${p.name}" is required but has no value.`);
      }
    }
    return { pkg, project };
  }

  private defineSystemVariables(scope: Scope): void {
    const { pkg, host } = this.o;
    scope.define('System', 'PackageName', { type: 'DT_WSTR', value: pkg.root.name });
    scope.define('System', 'PackageID', { type: 'DT_WSTR', value: pkg.id });
    scope.define('System', 'StartTime', { type: 'DT_DBTIMESTAMP', value: this.startTime });
    scope.define('System', 'MachineName', { type: 'DT_WSTR', value: host.machineName });
    scope.define('System', 'UserName', { type: 'DT_WSTR', value: host.userName });
    scope.define('System', 'ExecutionInstanceGUID', { type: 'DT_WSTR', value: `{${this.o.pkg.id.replace(/[{}]/g, '')}}` });
  }

  /** /SET `\Package.Variables[User::X].Properties[Value]` (or `.Value`), `\Package\Task.Properties[Disable]`. */
  private applySets(): void {
    for (const s of this.o.sets ?? []) {
      const m = /^\\?(Package(?:\\[^.]+)*)\.Variables\[([^\]]+)\](?:\.Properties\[Value\]|\.Value)$/i.exec(s.path);
      if (m) {
        const target = findExecutable(this.o.pkg.root, m[1]!);
        const name = m[2]!;
        const declared = target && (target === this.o.pkg.root ? this.rootScope.has(name) : target.variables.some((v) => `${v.namespace}::${v.name}` === name || v.name === name));
        if (!target || !declared) throw new RuntimeError(`The package path referenced an object that cannot be found: "${s.path}". This occurs when an attempt is made to resolve a package path to an object that cannot be found.`);
        if (target === this.o.pkg.root) this.rootScope.write(name, { type: 'DT_WSTR', value: s.value });
        else this.variableSets.set(target.refId, [...(this.variableSets.get(target.refId) ?? []), { name, value: s.value }]);
        continue;
      }
      const p = /^\\?(Package(?:\\[^.]+)*)\.(?:Properties\[)?(\w+)\]?$/i.exec(s.path);
      const target = p ? findExecutable(this.o.pkg.root, p[1]!) : null;
      if (!p || !target) throw new RuntimeError(`The package path referenced an object that cannot be found: "${s.path}". This occurs when an attempt is made to resolve a package path to an object that cannot be found.`);
      this.setOverrides.set(`${target.refId}|${p[2]!.toLowerCase()}`, s.value);
    }
  }

  private readonly setOverrides = new Map<string, string>();
  /** /SET values for variables of inner containers, written when the container's scope is made. */
  private readonly variableSets = new Map<string, { name: string; value: string }[]>();

  // ---- progress and output ----------------------------------------------------------------------------

  private emitLine(level: RunMessageLevel, code: string, source: string, sub: string, text: string): void {
    const word = level === 'error' ? 'Error' : level === 'warning' ? 'Warning' : 'Information';
    this.o.listener.output(`${word}: ${code} at ${source}${sub ? `, ${sub}` : ''}: ${text}`);
  }

  private node(id: string, patch: Partial<NodeState>): void {
    const n = this.nodes.get(id);
    if (!n) return;
    Object.assign(n, patch);
    this.o.listener.node({ ...n, messages: [...n.messages] });
  }

  private message(frame: Frame, level: RunMessageLevel, text: string, code: string): void {
    const sub = frame.exec.kind === 'task' ? frame.exec.description || frame.exec.taskType : '';
    this.emitLine(level, code, frame.exec.name, sub, text);
    const n = this.nodes.get(frame.nodeId);
    if (n) this.node(frame.nodeId, { messages: [...n.messages, { level, text, time: this.o.host.now().toISOString() }] });
  }

  /** An error: shown, counted on the executable and every container above it, and OnError raised. */
  private async raiseError(frame: Frame, text: string, code: string): Promise<void> {
    this.message(frame, 'error', text, code);
    for (let f: Frame | null = frame; f; f = f.parent) f.errors++;
    await this.raiseEvent(frame, 'OnError', [
      ['ErrorCode', { type: 'DT_I4', value: parseInt(code, 16) | 0 }],
      ['ErrorDescription', { type: 'DT_WSTR', value: text }],
    ]);
  }

  // ---- events -----------------------------------------------------------------------------------------

  private async raiseEvent(source: Frame, event: string, extra: readonly [string, TypedValue][] = []): Promise<void> {
    if (source.inHandler) return;
    for (let f: Frame | null = source; f; f = f.parent) {
      const handler = f.exec.eventHandlers.find((h) => h.event.toLowerCase() === event.toLowerCase());
      if (!handler) continue;
      const scope = new Scope(f.scope, handler.body.variables, null, () => this.o.host.now());
      scope.define('System', 'SourceName', { type: 'DT_WSTR', value: source.exec.name });
      scope.define('System', 'SourceID', { type: 'DT_WSTR', value: source.exec.refId });
      for (const [name, value] of extra) scope.define('System', name, value);
      scope.define('System', 'Propagate', { type: 'DT_BOOL', value: true }, false);
      const id = `${f.nodeId}.EventHandlers[${handler.event}]#${++this.handlerRuns}`;
      await this.runExecutable(f, handler.body, id, scope, true, 'eventHandler');
      if (scope.read('System::Propagate').value === false) return;
    }
  }

  private handlerRuns = 0;

  // ---- executables ------------------------------------------------------------------------------------

  private async runExecutable(parent: Frame | null, exec: ExecutableDef, nodeId: string, givenScope?: Scope, inHandler = parent?.inHandler ?? false, kind?: RunNodeKind): Promise<ExecResult> {
    const scope = givenScope ?? new Scope(parent?.scope ?? null, exec.variables, null, () => this.o.host.now());
    const frame: Frame = { exec, parent, scope, nodeId, inHandler, errors: 0, childFailedParent: false };
    // A bad /SET value or property expression fails this executable (shown on its node), not the whole run.
    let props: { disabled: boolean; taskProps: Map<string, string> } | null = null;
    let setupError: Error | null = null;
    try {
      for (const v of this.variableSets.get(exec.refId) ?? []) scope.write(v.name, { type: 'DT_WSTR', value: v.value });
      props = this.executableProps(frame);
    } catch (e) {
      setupError = e as Error;
    }
    if (props?.disabled) return 'success';
    if (this.signal.cancelled) return 'completion';
    const parentNodeId = parent?.nodeId ?? this.o.parentNodeId ?? null;
    this.nodes.set(nodeId, {
      id: nodeId, parentId: parentNodeId, path: pathOf(exec.refId), name: exec.name, kind: kind ?? KIND[exec.kind],
      taskType: exec.kind === 'task' ? exec.taskType : '', state: 'running', start: this.o.host.now().toISOString(), end: null, messages: [],
    });
    this.node(nodeId, {});
    scope.define('System', 'TaskName', { type: 'DT_WSTR', value: exec.name });
    scope.define('System', 'ContainerStartTime', { type: 'DT_DBTIMESTAMP', value: this.o.host.now() });
    await this.raiseEvent(frame, 'OnPreExecute');
    let result: ExecResult;
    try {
      if (setupError || !props) throw setupError ?? new RuntimeError('The executable could not be prepared.');
      result = await this.execute(frame, props.taskProps);
    } catch (e) {
      const err = e as Error;
      await this.raiseError(frame, err.message, err instanceof TaskError ? err.code : '0xC0000000');
      result = 'failure';
      if (exec.kind === 'task') {
        this.o.listener.output(`Task failed: ${exec.name}`);
        await this.raiseEvent(frame, 'OnTaskFailed');
      }
    }
    if (exec.kind !== 'task' && result !== 'failure') {
      if (frame.childFailedParent) result = 'failure';
      else if (exec.maxErrorCount > 0 && frame.errors >= exec.maxErrorCount) {
        this.message(frame, 'warning', `SSIS Warning Code DTS_W_MAXIMUMERRORCOUNTREACHED. The Execution method succeeded, but the number of errors raised (${frame.errors}) reached the maximum allowed (${exec.maxErrorCount}); resulting in failure. This occurs when the number of errors reaches the number specified in MaximumErrorCount. Change the MaximumErrorCount or fix the errors.`, '0x80019002');
        result = 'failure';
      }
    }
    if (exec.forceExecutionResult >= 0 && exec.forceExecutionResult <= 2) result = (['success', 'failure', 'completion'] as const)[exec.forceExecutionResult]!;
    if (this.signal.cancelled && result !== 'failure') result = 'completion';
    await this.raiseEvent(frame, 'OnPostExecute');
    if (result === 'failure') {
      if (exec.failParentOnFailure && parent) parent.childFailedParent = true;
      if (exec.failPackageOnFailure) this.packageFailed = true;
    }
    const state: RunNodeState = this.signal.cancelled && result !== 'failure' ? 'cancelled' : result === 'failure' ? 'failure' : 'success';
    this.node(nodeId, { state, end: this.o.host.now().toISOString() });
    return result;
  }

  /** Evaluates the executable's property expressions and /SET overrides: Disable, and the payload properties. */
  private executableProps(frame: Frame): { disabled: boolean; taskProps: Map<string, string> } {
    const exec = frame.exec;
    const taskProps = new Map<string, string>();
    if (exec.data) {
      for (const attr of exec.data.attributes) if (attr.prefix !== 'xmlns' && attr.name !== 'xmlns') taskProps.set(attr.local, attr.value);
      for (const child of childElements(exec.data)) if (!childElements(child).length && !taskProps.has(child.local)) taskProps.set(child.local, textContent(child));
    }
    let disabled = exec.disabled;
    for (const pe of exec.propertyExpressions) {
      const v = evaluate(pe.expression, frame.scope.expressionScope());
      if (pe.name.toLowerCase() === 'disable') disabled = convert(v, 'DT_BOOL').value === true;
      else taskProps.set(pe.name, valueToString(v));
    }
    const disableSet = this.setOverrides.get(`${exec.refId}|disable`);
    if (disableSet !== undefined) disabled = convert({ type: 'DT_WSTR', value: disableSet }, 'DT_BOOL').value === true;
    return { disabled, taskProps };
  }

  private async execute(frame: Frame, taskProps: Map<string, string>): Promise<ExecResult> {
    const exec = frame.exec;
    switch (exec.kind) {
      case 'package':
      case 'sequence':
        return this.runChildren(frame, '');
      case 'forLoop':
        return this.runForLoop(frame);
      case 'foreachLoop':
        return this.runForeach(frame);
      case 'task': {
        const impl = this.o.host.tasks.get(normalizeTaskType(exec.taskType));
        if (!impl) throw new TaskError(`The built-in engine cannot run the task type "${exec.taskType}".`, '0xC0010014');
        await impl(this.taskContext(frame, taskProps));
        return frame.errors > 0 ? 'failure' : 'success';
      }
    }
  }

  private async runForLoop(frame: Frame): Promise<ExecResult> {
    const loop = frame.exec.forLoop!;
    const es = frame.scope.expressionScope();
    if (loop.init?.trim()) evaluate(loop.init, es, true);
    let i = 0;
    while (!this.signal.cancelled) {
      if (loop.eval?.trim() && !evaluateBoolean(loop.eval, es)) break;
      if (!loop.eval?.trim()) throw new RuntimeError(`The For Loop "${frame.exec.name}" has no EvalExpression.`);
      i++;
      await this.runChildren(frame, `#${i}`);
      if (this.stopLoop(frame)) break;
      if (loop.assign?.trim()) evaluate(loop.assign, es, true);
    }
    return 'success';
  }

  private async runForeach(frame: Frame): Promise<ExecResult> {
    const fe = frame.exec.foreach!;
    const items = await enumerateItems(fe, frame.scope, this.o.host);
    if (items.length === 0 && enumeratorMoniker(fe.enumerator) === 'MICROSOFT.FOREACHFILEENUMERATOR') {
      this.message(frame, 'warning', 'The For Each File enumerator is empty. The For Each File enumerator did not find any files that matched the file pattern, or the specified directory was empty.', '0x80000000');
    }
    let i = 0;
    for (const item of items) {
      if (this.signal.cancelled) break;
      for (const m of fe.mappings) {
        if (m.index >= item.length) throw new RuntimeError(`The enumerator's item has no value at index ${m.index} for variable "${m.variable}".`);
        frame.scope.write(m.variable, item[m.index]!);
      }
      i++;
      await this.runChildren(frame, `#${i}`);
      if (this.stopLoop(frame)) break;
    }
    return 'success';
  }

  private stopLoop(frame: Frame): boolean {
    return frame.childFailedParent || (frame.exec.maxErrorCount > 0 && frame.errors >= frame.exec.maxErrorCount);
  }

  /**
   * Runs a container's executables as their precedence constraints allow; iteration suffix keeps loop node ids
   * apart. Only the successors of an executable that just ended are decided again, so long chains stay linear.
   */
  private async runChildren(frame: Frame, iteration: string): Promise<ExecResult> {
    const execs = frame.exec.executables;
    const byRef = new Map(execs.map((e) => [e.refId, e]));
    const incoming = new Map<string, ConstraintDef[]>();
    const successors = new Map<string, string[]>();
    for (const c of frame.exec.constraints) {
      if (!byRef.has(c.from) || !byRef.has(c.to)) continue;
      incoming.set(c.to, [...(incoming.get(c.to) ?? []), c]);
      successors.set(c.from, [...(successors.get(c.from) ?? []), c.to]);
    }
    const results = new Map<string, ExecResult | 'skipped'>();
    const pending = new Set(execs.map((e) => e.refId));
    const running = new Map<string, Promise<void>>();
    const base = frame.nodeId + iteration;
    const decide = (ref: string): 'run' | 'skip' | 'wait' => {
      if (this.signal.cancelled) return 'skip';
      const cons = incoming.get(ref);
      if (!cons) return 'run';
      const states = cons.map((c) => this.constraintHolds(frame, c, results.get(c.from)));
      if (cons[0]!.logicalAnd) return states.includes(false) ? 'skip' : states.every((s) => s === true) ? 'run' : 'wait';
      return states.includes(true) ? 'run' : states.every((s) => s === false) ? 'skip' : 'wait';
    };
    const consider = (refs: Iterable<string>) => {
      const queue = [...refs];
      while (queue.length) {
        const ref = queue.shift()!;
        if (!pending.has(ref)) continue;
        const d = decide(ref);
        if (d === 'wait') continue;
        pending.delete(ref);
        if (d === 'skip') {
          results.set(ref, 'skipped');
          queue.push(...(successors.get(ref) ?? []));
          continue;
        }
        const exec = byRef.get(ref)!;
        running.set(
          ref,
          this.runExecutable(frame, exec, `${base}\\${exec.name}`)
            .catch((e: Error) => {
              // Not expected (runExecutable reports its own errors); counted as this executable's failure.
              this.message(frame, 'error', `"${exec.name}" ended unexpectedly: ${e.message}`, '0xC0000000');
              frame.errors++;
              return 'failure' as const;
            })
            .then((r) => {
              results.set(ref, r);
              running.delete(ref);
              consider(successors.get(ref) ?? []);
            }),
        );
      }
    };
    consider(pending);
    while (running.size > 0) await Promise.race(running.values());
    return 'success';
  }

  /** true / false once the source has finished (or was skipped: false), null while it has not. */
  private constraintHolds(frame: Frame, c: ConstraintDef, from: ExecResult | 'skipped' | undefined): boolean | null {
    if (from === undefined) return null;
    if (from === 'skipped') return false;
    const constraintOk = c.value === 2 || (c.value === 0 && from === 'success') || (c.value === 1 && from === 'failure');
    if (c.evalOp === 2) return constraintOk;
    let exprOk: boolean;
    try {
      exprOk = evaluateBoolean(c.expression ?? '', frame.scope.expressionScope());
    } catch (e) {
      this.message(frame, 'error', `The expression "${c.expression ?? ''}" of precedence constraint "${c.name}" could not be evaluated: ${(e as Error).message}`, '0xC00470A0');
      frame.errors++;
      return false;
    }
    if (c.evalOp === 1) return exprOk;
    if (c.evalOp === 3) return constraintOk && exprOk;
    return constraintOk || exprOk;
  }

  // ---- tasks ------------------------------------------------------------------------------------------

  private resolveConnection(idOrName: string): ResolvedConnection | null {
    const key = idOrName.trim();
    const def = this.connectionDefs.find((c) => c.id === key.toUpperCase() || c.name === key) ?? this.connectionDefs.find((c) => c.name.toLowerCase() === key.toLowerCase());
    if (!def) return null;
    let cs = def.connectionString;
    const es = this.rootScope.expressionScope();
    for (const pe of def.propertyExpressions) {
      const v = valueToString(evaluate(pe.expression, es));
      const name = pe.name.toLowerCase();
      if (name === 'connectionstring') cs = v;
      else if (name === 'servername') cs = setKeyword(cs, 'Data Source', v);
      else if (name === 'initialcatalog') cs = setKeyword(cs, 'Initial Catalog', v);
    }
    const override = this.o.connections?.get(def.name) ?? this.o.connections?.get(def.id) ?? this.o.connections?.get(def.id.replace(/[{}]/g, ''));
    // SSIS adds the separately stored password to a SQL-login connection string when it connects.
    if (override === undefined && def.password !== null && /(^|;)\s*(user id|uid)\s*=/i.test(cs) && !/(^|;)\s*(password|pwd)\s*=/i.test(cs)) cs = setKeyword(cs, 'Password', def.password);
    return { def, connectionString: override ?? cs };
  }

  private taskContext(frame: Frame, props: Map<string, string>): TaskContext {
    const es = frame.scope.expressionScope();
    return {
      exec: frame.exec,
      data: frame.exec.data,
      props,
      project: this.o.project,
      read: (n) => frame.scope.read(n),
      write: (n, v) => frame.scope.write(n, v),
      evaluate: (expr, allowAssignment) => evaluate(expr, es, allowAssignment),
      connection: (idOrName) => this.resolveConnection(idOrName),
      info: (text, code = '0x0') => this.message(frame, 'information', text, code),
      warning: (text, code = '0x80000000') => this.message(frame, 'warning', text, code),
      signal: this.signal,
      runPackage: (req) => this.runChild(frame, req),
      now: () => this.o.host.now(),
    };
  }

  private runChild(frame: Frame, req: ChildPackageRequest): Promise<RunResult> {
    const child = new PackageRun({
      pkg: req.pkg, displayPath: req.displayPath, project: req.project, host: this.o.host, listener: this.o.listener,
      parameters: new Map([...req.parameters].map(([k, v]) => [`$Package::${k}`, v] as const)), parentNodeId: frame.nodeId, signal: this.signal,
      // Project connection managers are shared by the project's packages, so their overrides carry over.
      connections: req.project && req.project === this.o.project ? this.o.connections : undefined,
    });
    return child.run();
  }
}

function findExecutable(root: ExecutableDef, path: string): ExecutableDef | null {
  const parts = path.split('\\').filter(Boolean);
  if (parts.shift()?.toLowerCase() !== 'package') return null;
  let cur: ExecutableDef | null = root;
  for (const p of parts) {
    cur = cur?.executables.find((e) => e.name === p) ?? null;
    if (!cur) return null;
  }
  return cur;
}

/** Replaces (or appends) one `Keyword=value` of a connection string. */
export function setKeyword(cs: string, keyword: string, value: string): string {
  const parts = cs.split(';').filter((p) => p.trim() !== '');
  const i = parts.findIndex((p) => p.split('=')[0]!.trim().toLowerCase() === keyword.toLowerCase());
  if (i >= 0) parts[i] = `${keyword}=${value}`;
  else parts.push(`${keyword}=${value}`);
  return `${parts.join(';')};`;
}
