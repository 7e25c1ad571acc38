/**
 * Binds the client's parameters (positional first, then named; names lower-case without '@') to a
 * procedure's signature, raising what SQL Server raises: 119, 8143, 8144, 8145, 8146, 8162, 201, and the
 * conversion errors of core/convert.ts.
 */
import type { ProcParam, SqlValue } from '../types.js';
import { convertParam } from './convert.js';
import type { ParamSpec, ProcDef } from './procedure.js';
import { SqlError } from './sql-error.js';
import { bindTable, operandClash, tableTypeLabel, type BoundTable } from './table-param.js';

export interface Bound {
  readonly args: Map<string, SqlValue>;
  readonly tables: Map<string, BoundTable>;
  readonly passed: Set<string>;
  /** Client OUTPUT parameters: the key the client expects the value under, and the procedure's parameter. */
  readonly outputs: { readonly key: string; readonly param: string }[];
}

export function bindParams(def: ProcDef, params: readonly ProcParam[]): Bound {
  const proc = def.name;
  const args = new Map<string, SqlValue>();
  const tables = new Map<string, BoundTable>();
  const passed = new Set<string>();
  const outputs: { key: string; param: string }[] = [];
  let sawNamed = false;
  params.forEach((p, index) => {
    let spec: ParamSpec | undefined;
    if (p.name === null || p.name === '') {
      if (sawNamed) {
        throw new SqlError(119, `Must pass parameter number ${index + 1} and subsequent parameters as '@name = value'. After the form '@name = value' has been used, all subsequent parameters must be passed in the form '@name = value'.`, 15, 1, proc);
      }
      if (def.params.length === 0) throw new SqlError(8146, `Procedure ${proc} has no parameters and arguments were supplied.`, 16, 1, proc);
      spec = def.params[index];
      if (!spec) throw new SqlError(8144, `Procedure or function ${proc} has too many arguments specified.`, 16, 2, proc);
    } else {
      sawNamed = true;
      const name = p.name.replace(/^@/, '').toLowerCase();
      spec = def.params.find((s) => s.name === name);
      if (!spec) throw new SqlError(8145, `@${name} is not a parameter for procedure ${proc}.`, 16, 2, proc);
    }
    if (passed.has(spec.name)) throw new SqlError(8143, `Parameter '@${spec.name}' was supplied multiple times.`, 16, 1, proc);
    if (p.output && !spec.output) {
      throw new SqlError(8162, `The formal parameter "@${spec.name}" was not declared as an OUTPUT parameter, but the actual parameter passed in requested output.`, 16, 2, proc);
    }
    passed.add(spec.name);
    if (spec.type === 'table') {
      const type = spec.tableType!;
      if (!p.table) throw operandClash(p.type ?? (p.value === null ? 'void type' : typeof p.value === 'string' ? 'nvarchar' : 'int'), type.name, proc);
      tables.set(spec.name, bindTable(p.table, type, def.params.indexOf(spec) + 1, spec.name, proc));
      args.set(spec.name, null);
      return;
    }
    if (p.table) throw operandClash(tableTypeLabel(p.table), spec.type, proc);
    args.set(spec.name, convertParam(p.value, spec.type, spec.length, p.type));
    if (p.output) outputs.push({ key: p.name ?? String(index), param: spec.name });
  });
  for (const spec of def.params) {
    if (passed.has(spec.name)) continue;
    if (spec.type === 'table') {
      tables.set(spec.name, []);
      args.set(spec.name, null);
      continue;
    }
    if (!('default' in spec)) {
      throw new SqlError(201, `Procedure or function '${proc}' expects parameter '@${spec.name}', which was not supplied.`, 16, 4, proc);
    }
    args.set(spec.name, spec.default ?? null);
  }
  return { args, tables, passed, outputs };
}
