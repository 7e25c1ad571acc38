/**
 * The executable model of a package, as the built-in engine runs it: containers with their executables,
 * precedence constraints, variables, property expressions and event handlers; connection managers; package
 * and project parameters. Built from .dtsx XML by load-package.ts; task payloads stay XML and are read by
 * the task that runs them.
 */
import type { XmlElement } from '../xml/types.js';
import type { DtType, TypedValue } from './values.js';

export type ExecutableKind = 'package' | 'sequence' | 'forLoop' | 'foreachLoop' | 'task';

export interface VariableDef {
  readonly namespace: string;
  readonly name: string;
  readonly type: DtType;
  readonly value: TypedValue;
  /** EvaluateAsExpression: the value is this expression, evaluated on every read. */
  readonly expression: string | null;
  readonly readOnly: boolean;
}

export interface ParameterDef {
  readonly name: string;
  readonly type: DtType;
  readonly value: TypedValue;
  readonly required: boolean;
  readonly sensitive: boolean;
}

export interface PropertyExpression {
  readonly name: string;
  readonly expression: string;
}

/** DTSPrecedenceEvalOp: 1 Expression, 2 Constraint (default), 3 ExpressionAndConstraint, 4 ExpressionOrConstraint. */
export type EvalOp = 1 | 2 | 3 | 4;

export interface ConstraintDef {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** DTSExecResult the constraint waits for: 0 success, 1 failure, 2 completion. */
  readonly value: 0 | 1 | 2;
  readonly evalOp: EvalOp;
  readonly expression: string | null;
  /** LogicalAnd: all constraints into `to` must hold; false: any one. */
  readonly logicalAnd: boolean;
}

export interface ForLoopDef {
  readonly init: string | null;
  readonly eval: string | null;
  readonly assign: string | null;
}

export interface ForeachDef {
  /** Enumerator moniker, e.g. Microsoft.ForEachFileEnumerator. */
  readonly enumerator: string;
  readonly data: XmlElement | null;
  readonly propertyExpressions: readonly PropertyExpression[];
  readonly mappings: readonly { readonly index: number; readonly variable: string }[];
}

export interface EventHandlerDef {
  readonly event: string;
  readonly body: ExecutableDef;
}

export interface ExecutableDef {
  /** refId path (`Package\Seq\Task`); constraints name executables by it. */
  readonly refId: string;
  readonly name: string;
  readonly kind: ExecutableKind;
  /** Task moniker or assembly name (`Microsoft.ExecuteSQLTask`); the container's moniker for containers. */
  readonly taskType: string;
  /** Description, used as the subcomponent in messages ("at Load, Execute SQL Task: ..."). */
  readonly description: string;
  readonly disabled: boolean;
  readonly failPackageOnFailure: boolean;
  readonly failParentOnFailure: boolean;
  /** 0 = no limit. */
  readonly maxErrorCount: number;
  /** DTSForcedExecResult: -1 none, 0 success, 1 failure, 2 completion. */
  readonly forceExecutionResult: number;
  /** TransactionOption = Required (2): SSIS would run it in a distributed (MSDTC) transaction. */
  readonly transactionRequired: boolean;
  readonly variables: readonly VariableDef[];
  readonly propertyExpressions: readonly PropertyExpression[];
  readonly executables: readonly ExecutableDef[];
  readonly constraints: readonly ConstraintDef[];
  readonly eventHandlers: readonly EventHandlerDef[];
  /** The task's payload element (first child of DTS:ObjectData), null for containers. */
  readonly data: XmlElement | null;
  readonly forLoop: ForLoopDef | null;
  readonly foreach: ForeachDef | null;
}

export interface ConnectionDef {
  readonly id: string;
  readonly name: string;
  /** OLEDB, ADO.NET:..., ODBC, FILE, FLATFILE, ... */
  readonly creationName: string;
  readonly connectionString: string;
  readonly propertyExpressions: readonly PropertyExpression[];
  /** FILE connections: DTS:FileUsageType (0 existing file, 1 create file, 2 existing folder, 3 create folder). */
  readonly fileUsage: number;
  /**
   * The sensitive password SSIS keeps beside the connection string (DTS:Password), when it is stored readable:
   * ServerStorage packages in msdb keep it so. Encrypted ones (user key, package password) are not read.
   */
  readonly password: string | null;
}

export interface PackageDef {
  /** File name, `Child.dtsx`. */
  readonly name: string;
  /** Where it came from, as "SSIS package "<source>" starting." shows it (full path, or `\\MSDB\Folder\Name`). */
  readonly source: string;
  readonly id: string;
  readonly formatVersion: number | null;
  readonly protectionLevel: number;
  readonly root: ExecutableDef;
  readonly connections: readonly ConnectionDef[];
  readonly parameters: readonly ParameterDef[];
  /** Legacy package configurations enabled in the package (EnableConfig with DTS:Configuration entries). */
  readonly configurations: number;
  /** SaveCheckpoints: SSIS would write a checkpoint file to restart from. */
  readonly saveCheckpoints: boolean;
}

/** What a project gives its packages: project parameters, project connection managers, sibling packages. */
export interface ProjectDef {
  readonly name: string;
  readonly parameters: readonly ParameterDef[];
  readonly connections: readonly ConnectionDef[];
  /** Loads a sibling package by file name (`Child.dtsx`), or null when the project has no such package. */
  loadPackage(fileName: string): Promise<PackageDef | null>;
}
