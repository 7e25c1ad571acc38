/**
 * Foreach Loop enumerators: File (`FEFEProperty` Folder/FileSpec/FileNameRetrievalType/Recurse, with the
 * Directory/FileSpec property expressions), Item (`FEIEItems`/`FEIEItem`/`FEIEItemValue Type Value`) and ADO
 * (`FEEADO VarName` over a rowset in an Object variable). Each item is the list of values the variable
 * mappings pick from by ValueIndex.
 */
import { attrValue, childElements } from '../xml/query.js';
import { evaluate } from './expression.js';
import type { ForeachDef } from './model.js';
import type { Scope } from './scope.js';
import type { EngineHost } from './task-api.js';
import { fromStoredText, RuntimeError, typeOfTypeCode, valueToString, type RowSet, type TypedValue } from './values.js';

export const SUPPORTED_ENUMERATORS: readonly string[] = ['MICROSOFT.FOREACHFILEENUMERATOR', 'MICROSOFT.FOREACHITEMENUMERATOR', 'MICROSOFT.FOREACHADOENUMERATOR'];

/** Format 6 writes assembly-qualified class names; map them onto the monikers. */
export function enumeratorMoniker(creationName: string): string {
  const upper = creationName.toUpperCase();
  if (upper.includes('FOREACHFILEENUMERATOR')) return 'MICROSOFT.FOREACHFILEENUMERATOR';
  if (upper.includes('FOREACHITEMENUMERATOR')) return 'MICROSOFT.FOREACHITEMENUMERATOR';
  if (upper.includes('FOREACHADOENUMERATOR')) return 'MICROSOFT.FOREACHADOENUMERATOR';
  return upper;
}

function fileProps(fe: ForeachDef, scope: Scope): Map<string, string> {
  const props = new Map<string, string>();
  const holder = fe.data;
  if (holder) for (const p of childElements(holder, 'FEFEProperty')) for (const a of p.attributes) props.set(a.local, a.value);
  for (const pe of fe.propertyExpressions) {
    const name = pe.name === 'Directory' ? 'Folder' : pe.name;
    props.set(name, valueToString(evaluate(pe.expression, scope.expressionScope())));
  }
  return props;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function cellValue(v: unknown): TypedValue {
  if (v === null || v === undefined) return { type: 'DT_WSTR', value: null };
  if (typeof v === 'number') return { type: Number.isInteger(v) ? (Math.abs(v) > 2147483647 ? 'DT_I8' : 'DT_I4') : 'DT_R8', value: v };
  if (typeof v === 'boolean') return { type: 'DT_BOOL', value: v };
  if (v instanceof Date) return { type: 'DT_DBTIMESTAMP', value: v };
  if (typeof v === 'bigint') return { type: 'DT_I8', value: Number(v) };
  return { type: 'DT_WSTR', value: String(v) };
}

export async function enumerateItems(fe: ForeachDef, scope: Scope, host: EngineHost): Promise<TypedValue[][]> {
  switch (enumeratorMoniker(fe.enumerator)) {
    case 'MICROSOFT.FOREACHFILEENUMERATOR': {
      const p = fileProps(fe, scope);
      const folder = p.get('Folder') ?? '';
      const files = await host.enumerateFiles(folder, p.get('FileSpec') || '*.*', ['-1', 'true', '1'].includes((p.get('Recurse') ?? '0').toLowerCase()));
      const retrieval = p.get('FileNameRetrievalType') ?? '0';
      return files.map((f) => {
        const name = retrieval === '1' ? baseName(f) : retrieval === '2' ? baseName(f).replace(/\.[^.]*$/, '') : f;
        return [{ type: 'DT_WSTR', value: name }];
      });
    }
    case 'MICROSOFT.FOREACHITEMENUMERATOR': {
      const items = fe.data ? (fe.data.local === 'FEIEItems' ? fe.data : childElements(fe.data, 'FEIEItems')[0]) : undefined;
      if (!items) return [];
      return childElements(items, 'FEIEItem').map((item) =>
        childElements(item, 'FEIEItemValue').map((v) => fromStoredText(typeOfTypeCode(Number(attrValue(v, 'Type') ?? 18)), attrValue(v, 'Value') ?? '')),
      );
    }
    case 'MICROSOFT.FOREACHADOENUMERATOR': {
      const varName = fe.data ? attrValue(fe.data, 'VarName') : null;
      if (!varName) throw new RuntimeError('The Foreach ADO enumerator has no source variable.');
      const v = scope.read(varName).value as RowSet | null;
      if (!v || typeof v !== 'object' || (v as RowSet).kind !== 'rowset') throw new RuntimeError(`The variable "${varName}" does not hold a result set (an ADO recordset) for the Foreach ADO enumerator.`);
      return v.rows.map((row) => row.map(cellValue));
    }
    default:
      throw new RuntimeError(`The built-in engine cannot run the Foreach enumerator "${fe.enumerator}".`);
  }
}
