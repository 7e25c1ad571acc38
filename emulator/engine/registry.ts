/** Every procedure the engine answers, keyed by database.schema.name (lower case). */
import type { ProcDef } from './core/procedure.js';
import { spAddCategory, spHelpCategory } from './msdb/categories.js';
import { spHelpJob, spHelpJobserver, spHelpJobstep } from './msdb/help-job.js';
import { spHelpJobactivity, spHelpJobhistory } from './msdb/help-history.js';
import { spAddJob, spDeleteJob, spUpdateJob } from './msdb/jobs.js';
import { spAddJobserver, spStartJob, spStopJob } from './msdb/start-stop.js';
import { createFolder, deployProject } from './ssisdb/deploy.js';
import { deployPackages } from './ssisdb/deploy-packages.js';
import { deleteFolder, deleteProject } from './ssisdb/delete.js';
import { getProject } from './ssisdb/get-project.js';
import { createExecution, setExecutionParameterValue, startExecution, stopOperation } from './ssisdb/executions.js';
import { spEnumSqlagentSubsystems } from './msdb/enum-subsystems.js';
import { PACKAGE_PROCEDURES } from './msdb/packages.js';
import { spAddProxy, spDeleteProxy, spEnumLoginForProxy, spGrantLoginToProxy, spGrantProxyToSubsystem, spHelpProxy, spRevokeLoginFromProxy, spRevokeProxyFromSubsystem } from './msdb/proxies.js';
import { spAddJobstep, spDeleteJobstep, spUpdateJobstep } from './msdb/steps.js';

const ALL: ProcDef[] = [
  spAddJob, spUpdateJob, spDeleteJob, spAddJobstep, spUpdateJobstep, spDeleteJobstep, spAddJobserver, spStartJob, spStopJob,
  spHelpJob, spHelpJobstep, spHelpJobserver, spHelpJobhistory, spHelpJobactivity, spAddCategory, spHelpCategory,
  spAddProxy, spDeleteProxy, spGrantProxyToSubsystem, spRevokeProxyFromSubsystem, spGrantLoginToProxy, spRevokeLoginFromProxy, spHelpProxy,
  spEnumLoginForProxy,
  spEnumSqlagentSubsystems,
  ...PACKAGE_PROCEDURES,
  createFolder, deployProject, deployPackages, getProject, deleteProject, deleteFolder, createExecution, setExecutionParameterValue, startExecution, stopOperation,
];

export function registerProcedures(more: readonly ProcDef[] = []): Map<string, ProcDef> {
  const map = new Map<string, ProcDef>();
  for (const p of [...ALL, ...more]) map.set(`${p.database}.${p.schema}.${p.name}`.toLowerCase(), p);
  return map;
}
