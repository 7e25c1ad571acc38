/** T-SQL type names → the engine's SqlType, plus literal type inference. */
import type { TypeSpec } from './ast.js';
import type { SqlType } from '../engine/types.js';
import { SqlSyntaxError } from './lexer.js';

const BASE: Record<string, SqlType> = {
  int: 'int',
  integer: 'int',
  bigint: 'bigint',
  smallint: 'smallint',
  tinyint: 'tinyint',
  bit: 'bit',
  nvarchar: 'nvarchar',
  nchar: 'nvarchar',
  ntext: 'nvarchar',
  sysname: 'nvarchar',
  xml: 'nvarchar',
  sql_variant: 'nvarchar',
  varchar: 'varchar',
  char: 'varchar',
  text: 'varchar',
  uniqueidentifier: 'uniqueidentifier',
  varbinary: 'varbinary',
  binary: 'varbinary',
  image: 'varbinary',
  datetime: 'datetime',
  smalldatetime: 'datetime',
  datetime2: 'datetime2',
  date: 'datetime2',
  time: 'datetime2',
  datetimeoffset: 'datetimeoffset',
  float: 'float',
  real: 'float',
  decimal: 'decimal',
  numeric: 'decimal',
  money: 'decimal',
  smallmoney: 'decimal',
};

/** Builds a TypeSpec from a type name and its optional (n | max [, s]) arguments. */
export function typeSpec(rawName: string, args: readonly (number | 'max')[], offset: number): TypeSpec {
  const name = rawName.toLowerCase();
  const type = BASE[name];
  if (!type) throw new SqlSyntaxError(`Column, parameter, or variable: cannot find data type ${rawName}.`, offset);
  const a0 = args[0];
  switch (name) {
    case 'sysname':
      return { type, name, length: 128 };
    case 'ntext':
    case 'text':
    case 'image':
    case 'xml':
      return { type, name, length: -1 };
    case 'sql_variant':
      return { type, name, length: 4000 };
    case 'nvarchar':
    case 'nchar':
    case 'varchar':
    case 'char':
    case 'varbinary':
    case 'binary':
      return { type, name, length: a0 === 'max' ? -1 : (a0 ?? (name.startsWith('var') || name === 'nvarchar' ? 1 : 1)) };
    case 'decimal':
    case 'numeric':
      return { type, name, precision: typeof a0 === 'number' ? a0 : 18, scale: typeof args[1] === 'number' ? args[1] : 0 };
    case 'money':
      return { type, name, precision: 19, scale: 4 };
    case 'smallmoney':
      return { type, name, precision: 10, scale: 4 };
    case 'datetime2':
    case 'datetimeoffset':
    case 'time':
      return { type, name, scale: typeof a0 === 'number' ? a0 : 7 };
    default:
      return { type, name };
  }
}

export const T = {
  int: { type: 'int', name: 'int' } as TypeSpec,
  bigint: { type: 'bigint', name: 'bigint' } as TypeSpec,
  bit: { type: 'bit', name: 'bit' } as TypeSpec,
  float: { type: 'float', name: 'float' } as TypeSpec,
  guid: { type: 'uniqueidentifier', name: 'uniqueidentifier' } as TypeSpec,
  datetime: { type: 'datetime', name: 'datetime' } as TypeSpec,
  nvarchar: (length: number): TypeSpec => ({ type: 'nvarchar', name: 'nvarchar', length }),
  varchar: (length: number): TypeSpec => ({ type: 'varchar', name: 'varchar', length }),
  varbinary: (length: number): TypeSpec => ({ type: 'varbinary', name: 'varbinary', length }),
  decimal: (precision: number, scale: number): TypeSpec => ({ type: 'decimal', name: 'decimal', precision, scale }),
};
