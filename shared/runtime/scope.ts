/**
 * Variable scopes of a run: each container holds its variables and sees its ancestors'; parameters
 * (`$Package::`, `$Project::`) and System variables are resolved here too. Names are `Namespace::Name` or a
 * bare name (searched in every namespace, innermost scope first).
 */
import { convert, RuntimeError, type TypedValue } from './values.js';
import type { ExpressionScope } from './expression.js';
import { evaluate } from './expression.js';
import type { VariableDef } from './model.js';

interface Slot {
  readonly def: VariableDef;
  value: TypedValue;
}

export interface ParameterSource {
  readonly pkg: ReadonlyMap<string, TypedValue>;
  readonly project: ReadonlyMap<string, TypedValue>;
}

export class Scope {
  private readonly slots = new Map<string, Slot>();
  private readonly params: ParameterSource;

  /** `params` only for a package's root scope; inner scopes use their package's. */
  constructor(
    readonly parent: Scope | null,
    variables: readonly VariableDef[],
    params: ParameterSource | null,
    private readonly now: () => Date,
  ) {
    const inherited = params ?? parent?.params;
    if (!inherited) throw new RuntimeError('A root scope needs its package parameters.');
    this.params = inherited;
    for (const def of variables) this.slots.set(`${def.namespace}::${def.name}`, { def, value: def.value });
  }

  /** Adds or replaces a variable in this scope (System variables of a container or an event handler). */
  define(namespace: string, name: string, value: TypedValue, readOnly = true): void {
    this.slots.set(`${namespace}::${name}`, { def: { namespace, name, type: value.type, value, expression: null, readOnly }, value });
  }

  private find(name: string): Slot | null {
    const qualified = name.includes('::');
    const own = qualified ? this.slots.get(name) : [...this.slots.values()].find((slot) => slot.def.name === name);
    return own ?? this.parent?.find(name) ?? null;
  }

  has(name: string): boolean {
    return name.startsWith('$') ? this.param(name) !== null : this.find(name) !== null;
  }

  private param(name: string): TypedValue | null {
    const m = /^\$(Package|Project)::(.+)$/i.exec(name);
    if (!m) return null;
    const map = m[1]!.toLowerCase() === 'project' ? this.params.project : this.params.pkg;
    return map.get(m[2]!) ?? null;
  }

  read(name: string): TypedValue {
    if (name.startsWith('$')) {
      const p = this.param(name);
      if (!p) throw new RuntimeError(`The parameter "${name}" was not found in the Parameters collection.`);
      return p;
    }
    const slot = this.find(name);
    if (!slot) throw new RuntimeError(`The variable "${name}" was not found in the Variables collection. The variable might not exist in the correct scope.`);
    if (slot.def.expression !== null) return convert(evaluate(slot.def.expression, this.expressionScope()), slot.def.type);
    return slot.value;
  }

  write(name: string, value: TypedValue): void {
    if (name.startsWith('$')) throw new RuntimeError(`The parameter "${name}" is read-only.`);
    const slot = this.find(name);
    if (!slot) throw new RuntimeError(`The variable "${name}" was not found in the Variables collection. The variable might not exist in the correct scope.`);
    if (slot.def.readOnly || slot.def.expression !== null) throw new RuntimeError(`The variable "${slot.def.namespace}::${slot.def.name}" is read-only and cannot be assigned.`);
    slot.value = slot.def.type === 'DT_OBJECT' ? { type: 'DT_OBJECT', value: value.value } : convert(value, slot.def.type);
  }

  expressionScope(): ExpressionScope {
    return { read: (n) => this.read(n), write: (n, v) => this.write(n, v), now: this.now };
  }
}
