/**
 * sp_executesql: @statement, then @params ("@a int, @b nvarchar(50) OUTPUT"), then the values, named or
 * positional. The statement runs with those as variables; OUTPUT variables come back in `outputs`.
 */
import type { Outcome, ProcParam, SqlValue } from '../engine/types.js';
import type { ExecutionContext, Variable } from './context.js';
import { convertTo } from './convert.js';
import { SqlRuntimeError } from './errors.js';
import { executeText } from './execute.js';
import { SqlSyntaxError } from './lexer.js';
import { parseParamDeclarations, type ParamDeclaration } from './parser.js';

export function isSpExecuteSql(name: string): boolean {
  const last = name.split('.').pop() ?? '';
  return last.replace(/^\[|\]$/g, '').toLowerCase() === 'sp_executesql';
}

/**
 * Runs sp_executesql. Tokens of the inner statements go to ctx.out (ctx.mode should be 'rpc'); the
 * returned Outcome carries only the return status and the OUTPUT values (result sets were already written).
 */
export async function runSpExecuteSql(params: readonly ProcParam[], ctx: ExecutionContext): Promise<Outcome> {
  const statement = params[0];
  if (!statement || typeof statement.value !== 'string') {
    throw new SqlRuntimeError(214, "Procedure expects parameter '@statement' of type 'ntext/nchar/nvarchar'.");
  }
  let decls: ParamDeclaration[] = [];
  const declParam = params[1];
  if (declParam && (declParam.name === 'params' || declParam.name === null) && typeof declParam.value === 'string') {
    try {
      decls = parseParamDeclarations(declParam.value);
    } catch (e) {
      if (e instanceof SqlSyntaxError) throw new SqlRuntimeError(e.number, `${e.message} (in @params)`, 15);
      throw e;
    }
  } else if (declParam && declParam.name === 'params') {
    throw new SqlRuntimeError(214, "Procedure expects parameter '@params' of type 'ntext/nchar/nvarchar'.");
  }
  const values = params.slice(decls.length > 0 || declParam?.name === 'params' ? 2 : 1);

  const vars = ctx.vars;
  const byName = new Map<string, ProcParam>();
  values.forEach((p, i) => {
    if (p.name !== null) byName.set(p.name, p);
    else if (decls[i]) byName.set(decls[i]!.name, p);
  });
  for (const d of decls) {
    const p = byName.get(d.name);
    if (!p) {
      throw new SqlRuntimeError(8178, `The parameterized query '(${String(declParam?.value ?? '').slice(0, 60)})' expects the parameter '@${d.name}', which was not supplied.`);
    }
    if (d.table) {
      // A table-valued parameter: kept as sent, for EXEC to pass on (the procedure binds it to its type).
      const typeName = d.table.schema ? `${d.table.schema}.${d.table.name}` : d.table.name;
      if (!p.table) throw new SqlRuntimeError(206, `Operand type clash: ${p.type ?? 'nvarchar'} is incompatible with ${typeName}`, 16, 2);
      vars.set(d.name, { type: d.type, value: null, output: false, table: p.table });
      continue;
    }
    if (p.table) throw new SqlRuntimeError(206, `Operand type clash: ${p.table.typeName.name || 'table type'} is incompatible with ${d.type.name}`, 16, 2);
    const v: Variable = { type: d.type, value: convertTo(p.value, d.type), output: d.output };
    vars.set(d.name, v);
  }
  for (const p of values) {
    if (p.name !== null && !decls.some((d) => d.name === p.name)) {
      throw new SqlRuntimeError(8145, `@${p.name} is not a parameter for procedure sp_executesql.`);
    }
  }

  await executeText(statement.value, ctx);

  const outputs: Record<string, SqlValue> = {};
  for (const d of decls) if (d.output) outputs[d.name] = vars.get(d.name)?.value ?? null;
  return { resultSets: [], messages: [], returnStatus: ctx.lastError === 0 ? 0 : 1, outputs };
}
