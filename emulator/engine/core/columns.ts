/** Column helpers with SQL Server's declared types (sysname = nvarchar(128)). */
import type { ColumnDef, SqlType } from '../types.js';

export function col(name: string, type: SqlType, length?: number): ColumnDef {
  return length === undefined ? { name, type, nullable: true } : { name, type, length, nullable: true };
}

export const sysname = (name: string): ColumnDef => col(name, 'nvarchar', 128);
export const nvarchar = (name: string, length: number): ColumnDef => col(name, 'nvarchar', length);
export const int = (name: string): ColumnDef => col(name, 'int');
export const tinyint = (name: string): ColumnDef => col(name, 'tinyint');
export const smallint = (name: string): ColumnDef => col(name, 'smallint');
export const bigint = (name: string): ColumnDef => col(name, 'bigint');
export const bit = (name: string): ColumnDef => col(name, 'bit');
export const guid = (name: string): ColumnDef => col(name, 'uniqueidentifier');
export const datetime = (name: string): ColumnDef => col(name, 'datetime');
export const datetimeoffset = (name: string): ColumnDef => ({ name, type: 'datetimeoffset', nullable: true, scale: 7 });
export const varbinary = (name: string, length: number): ColumnDef => col(name, 'varbinary', length);

export function date(iso: string | null): Date | null {
  return iso === null ? null : new Date(iso);
}
