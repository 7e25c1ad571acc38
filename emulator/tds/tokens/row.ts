/** ROW: the values in column order, each in its type's value format. */
import type { SqlValue } from '../../engine/types.js';
import type { Writer } from '../bytes.js';
import { writeValue } from '../data-types/write-value.js';
import type { ColumnMeta } from './colmetadata.js';
import { TokenId } from './token-ids.js';

export function writeRow(w: Writer, columns: readonly ColumnMeta[], values: readonly SqlValue[]): void {
  w.u8(TokenId.ROW);
  for (let i = 0; i < columns.length; i++) writeValue(w, columns[i]!.type, values[i] ?? null);
}
