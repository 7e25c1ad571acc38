/** Servers, their Test Connection answers and browse results, and deploy answers, for renderer tests. */
import type { ProjectAssignments, AssignmentView, DialogProposal } from '../../shared/contract/deploy.js';
import { defaultDialogDefaults, defaultJobName, type DeployProgress, type DeploySummary } from '../../shared/model/deploy.js';
import type { AgentJob, AgentProxy, BrowseResult, ServerInfo, ServerListEntry, ServerList } from '../../shared/model/server.js';
import { MSDB_ROOT_FOLDER_ID } from '../../shared/model/server.js';
import { PROJECT } from './sampleView.js';

export function serverEntry(id: string, displayName: string, extra: Partial<ServerListEntry> = {}): ServerListEntry {
  return {
    id,
    displayName,
    host: '127.0.0.2',
    port: 14330,
    authentication: 'sql',
    userName: 'sa',
    encrypt: 'optional',
    trustServerCertificate: true,
    certificatePem: null,
    passwordSaved: true,
    ...extra,
  };
}

export function serverList(servers: ServerListEntry[], persistent = false): ServerList {
  return { servers, secretStore: persistent ? { kind: 'safeStorage', persistent: true } : { kind: 'memory', persistent: false } };
}

export function serverInfo(name: string): ServerInfo {
  return {
    serverName: name,
    productVersion: '16.0.4135.4',
    majorVersion: 16,
    edition: 'Developer Edition (64-bit)',
    versionText: 'Microsoft SQL Server 2022 (RTM-CU14) - 16.0.4135.4 (X64)',
    login: 'sa',
    agent: 'running',
    agentDetail: null,
    ssisdb: true,
    ssisSubsystem: true,
    roles: { sysadmin: true, sqlAgentUserRole: null, sqlAgentReaderRole: null, sqlAgentOperatorRole: null, dbSsisAdmin: true, dbSsisLtdUser: false, dbSsisOperator: false },
    elapsedMs: 12,
  };
}

export function job(name: string, extra: Partial<AgentJob> = {}): AgentJob {
  return {
    jobId: `00000000-0000-0000-0000-${String(name.length).padStart(12, '0')}`,
    name,
    enabled: true,
    description: null,
    category: null,
    owner: 'sa',
    lastOutcome: 'succeeded',
    lastRunAt: '2026-12-01T10:00:00',
    currentStatus: 'idle',
    currentStep: null,
    hasSteps: true,
    hasTarget: true,
    dateCreated: null,
    dateModified: null,
    ...extra,
  };
}

export function proxy(name: string, subsystems: string[] | null = ['SSIS']): AgentProxy {
  return { proxyId: name.length, name, credentialName: `${name}Credential`, credentialIdentity: null, enabled: true, description: null, subsystems };
}

export function browseAnswer(node: 'jobs' | 'proxies' | 'catalog' | 'msdb', jobs: AgentJob[] = [], proxies: AgentProxy[] = []): BrowseResult {
  switch (node) {
    case 'jobs':
      return { node, jobs };
    case 'proxies':
      return { node, proxies };
    case 'catalog':
      return {
        node,
        catalog: {
          present: true,
          detail: null,
          folders: [
            {
              folderId: 1,
              name: 'Etl',
              description: null,
              projects: [{ projectId: 1, name: 'Etl', description: null, lastDeployedTime: null, deployedBy: null, packages: [{ packageId: 1, name: 'Child1.dtsx', entryPoint: true, description: null, version: '1.0.1' }] }],
            },
          ],
        },
      };
    case 'msdb':
      return {
        node,
        root: {
          folderId: MSDB_ROOT_FOLDER_ID,
          name: '',
          path: '',
          folders: [{ folderId: 'F1', name: 'Sales', path: '\\Sales', folders: [], packages: [] }],
          packages: [],
        },
      };
  }
}

export function proposal(server: string, packageNames: string[], entryPoints: string[] = []): DialogProposal {
  return {
    server,
    defaults: defaultDialogDefaults('Etl'),
    jobNames: packageNames.map((p) => defaultJobName('Etl', p)),
    entryPointPackages: entryPoints,
    notEntryPointPackages: packageNames.filter((p) => !entryPoints.includes(p)),
    alreadyAssigned: [],
  };
}

export function assignment(id: string, packageName: string, server: string, serverId: string | null, status: AssignmentView['status']): AssignmentView {
  return {
    id,
    packageName,
    server,
    serverId,
    status,
    target: { kind: 'catalog', folder: 'Etl', project: 'Etl' },
    job: { createJob: true, name: defaultJobName('Etl', packageName), description: null, owner: null, proxy: null, use32bit: false },
    state: {
      deployed: status === 'not-deployed' ? null : { sha256: 'ab', versionGuid: null, settings: '', jobName: defaultJobName('Etl', packageName), jobId: null, serverVersion: null, at: '2026-12-01T10:00:00Z' },
      failure: status === 'failed' ? { at: '2026-12-01T10:01:00Z', message: "The specified @owner_login_name ('nobody') is invalid.", sqlErrorNumber: 14262, step: 'job' } : null,
    },
  };
}

export function projectAssignments(assignments: AssignmentView[], projectPath = PROJECT): ProjectAssignments {
  return { projectPath, projectName: 'Etl', sidecarPath: `${projectPath}.deploy.json`, assignments, defaults: {} };
}

export function progress(deployId: string, server: string, extra: Partial<DeployProgress> = {}): DeployProgress {
  return { deployId, server, phase: 'deploying', done: 0, total: 2, assignmentId: null, packageName: null, step: null, message: `${server}: deploying`, error: null, ...extra };
}

export function summary(deployId: string, counts: Partial<DeploySummary['counts']>, extra: Partial<DeploySummary> = {}): DeploySummary {
  return {
    deployId,
    retryOf: null,
    startedAt: '2026-12-01T10:00:00Z',
    finishedAt: '2026-12-01T10:00:01Z',
    elapsedMs: 1234,
    counts: { created: 0, updated: 0, unchanged: 0, failed: 0, cancelled: 0, ...counts },
    servers: [],
    outcomes: [],
    cancelled: false,
    ...extra,
  };
}
