/**
 * What a task implementation sees while it runs, and what the engine needs from its host (the Node side
 * supplies SQL, processes and files; shared/ stays free of I/O).
 */
import type { XmlElement } from '../xml/types.js';
import type { ConnectionDef, ExecutableDef, PackageDef, ProjectDef } from './model.js';
import type { TypedValue } from './values.js';

export interface ResolvedConnection {
  readonly def: ConnectionDef;
  /** After property expressions and /CONNECTION overrides. */
  readonly connectionString: string;
}

export type RunResult = 'success' | 'failure' | 'cancelled';

/** A task reports a failure by throwing this (or any Error); `code` is the SSIS HRESULT shown in the Output. */
export class TaskError extends Error {
  constructor(
    message: string,
    readonly code = '0xC0000000',
  ) {
    super(message);
    this.name = 'TaskError';
  }
}

export interface ChildPackageRequest {
  readonly pkg: PackageDef;
  /** Path shown in "SSIS package "<path>" starting." */
  readonly displayPath: string;
  readonly project: ProjectDef | null;
  /** Child package parameter name (no `$Package::`) → value. */
  readonly parameters: ReadonlyMap<string, TypedValue>;
}

export interface TaskContext {
  readonly exec: ExecutableDef;
  /** The payload element (first child of DTS:ObjectData). */
  readonly data: XmlElement | null;
  /** Payload properties (attributes and simple child elements by local name) after property expressions. */
  readonly props: ReadonlyMap<string, string>;
  readonly project: ProjectDef | null;
  read(name: string): TypedValue;
  write(name: string, value: TypedValue): void;
  evaluate(expression: string, allowAssignment?: boolean): TypedValue;
  /** By DTSID (`{GUID}`) or name; null when the package and project have no such connection manager. */
  connection(idOrName: string): ResolvedConnection | null;
  info(text: string, code?: string): void;
  warning(text: string, code?: string): void;
  readonly signal: CancelSignal;
  runPackage(request: ChildPackageRequest): Promise<RunResult>;
  now(): Date;
}

export type TaskImpl = (ctx: TaskContext) => Promise<void>;

export interface CancelSignal {
  readonly cancelled: boolean;
  /** Called once when the run is cancelled (kill a process, cancel a query); returns an unsubscribe. */
  onCancel(callback: () => void): () => void;
}

export interface EngineHost {
  /** Task implementations by moniker, upper case (`MICROSOFT.EXECUTESQLTASK`). */
  readonly tasks: ReadonlyMap<string, TaskImpl>;
  /** Foreach File enumerator: full paths of matching files, sorted. */
  enumerateFiles(folder: string, fileSpec: string, recurse: boolean): Promise<string[]>;
  /** Execute Package Task with a File connection: the package text at that path. */
  readPackageFile(path: string): Promise<string>;
  /** Execute Package Task with an OLE DB connection: `\Folder\Name` from that server's msdb package store. */
  loadMsdbPackage(connectionString: string, packagePath: string): Promise<PackageDef>;
  now(): Date;
  readonly machineName: string;
  readonly userName: string;
}
