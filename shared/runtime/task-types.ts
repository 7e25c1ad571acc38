/**
 * Task identifiers: format 8 writes monikers (`Microsoft.ExecuteSQLTask`), format 6 assembly-qualified class
 * names or ProgIDs. Both map to one upper-case moniker, which is how the engine looks tasks up.
 */

export const TASK = {
  executeSql: 'MICROSOFT.EXECUTESQLTASK',
  executePackage: 'MICROSOFT.EXECUTEPACKAGETASK',
  agentJob: 'MICROSOFT.DBMAINTENANCEEXECUTEAGENTJOBTASK',
  executeProcess: 'MICROSOFT.EXECUTEPROCESS',
  fileSystem: 'MICROSOFT.FILESYSTEMTASK',
  expression: 'MICROSOFT.EXPRESSIONTASK',
  dataFlow: 'MICROSOFT.PIPELINE',
  script: 'MICROSOFT.SCRIPTTASK',
} as const;

const CLASS_NAMES: Readonly<Record<string, string>> = {
  'MICROSOFT.SQLSERVER.DTS.TASKS.EXECUTESQLTASK.EXECUTESQLTASK': TASK.executeSql,
  'MICROSOFT.SQLSERVER.DTS.TASKS.EXECUTEPACKAGETASK.EXECUTEPACKAGETASK': TASK.executePackage,
  'SSIS.EXECUTEPACKAGETASK.3': TASK.executePackage,
  'SSIS.EXECUTEPACKAGETASK.2': TASK.executePackage,
  'MICROSOFT.SQLSERVER.MANAGEMENT.DATABASEMAINTENANCE.DBMAINTENANCEEXECUTEAGENTJOBTASK': TASK.agentJob,
  'MICROSOFT.SQLSERVER.DTS.TASKS.EXECUTEPROCESS.EXECUTEPROCESS': TASK.executeProcess,
  'MICROSOFT.EXECUTEPROCESSTASK': TASK.executeProcess,
  'MICROSOFT.SQLSERVER.DTS.TASKS.FILESYSTEMTASK.FILESYSTEMTASK': TASK.fileSystem,
  'MICROSOFT.SQLSERVER.DTS.TASKS.EXPRESSIONTASK.EXPRESSIONTASK': TASK.expression,
  'SSIS.PIPELINE.3': TASK.dataFlow,
  'SSIS.PIPELINE.2': TASK.dataFlow,
  '{5918251B-2970-45A4-AB5F-01C3C588FE5A}': TASK.dataFlow,
  'MICROSOFT.SQLSERVER.DTS.TASKS.SCRIPTTASK.SCRIPTTASK': TASK.script,
};

export function normalizeTaskType(moniker: string): string {
  const upper = moniker.trim().toUpperCase();
  const className = upper.includes(',') ? upper.slice(0, upper.indexOf(',')).trim() : upper;
  return CLASS_NAMES[className] ?? className;
}
