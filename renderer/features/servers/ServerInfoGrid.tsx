/** What Test Connection and Properties show of a server: version, @@SERVERNAME, Agent, SSISDB and the caller's roles. */
import type { ServerInfo, ServerRoles } from '../../../shared/model/server.js';
import { PropertyGrid } from '../../components/PropertyGrid.js';

const ROLE_NAMES: readonly (readonly [keyof ServerRoles, string])[] = [
  ['sysadmin', 'sysadmin'],
  ['sqlAgentUserRole', 'SQLAgentUserRole'],
  ['sqlAgentReaderRole', 'SQLAgentReaderRole'],
  ['sqlAgentOperatorRole', 'SQLAgentOperatorRole'],
  ['dbSsisAdmin', 'db_ssisadmin'],
  ['dbSsisLtdUser', 'db_ssisltduser'],
  ['dbSsisOperator', 'db_ssisoperator'],
];

/** The roles the login has, SSMS names; "(could not be read)" for those the server would not tell. */
export function rolesText(roles: ServerRoles): string {
  const held = ROLE_NAMES.filter(([k]) => roles[k] === true).map(([, n]) => n);
  const unknown = ROLE_NAMES.filter(([k]) => roles[k] === null).map(([, n]) => n);
  const parts = [held.length ? held.join(', ') : 'none of the Agent/SSIS roles'];
  if (unknown.length) parts.push(`could not read: ${unknown.join(', ')}`);
  return parts.join('; ');
}

function agentText(info: ServerInfo): string {
  if (info.agent === 'running') return 'Running';
  if (info.agent === 'stopped') return 'Stopped';
  return `Unknown${info.agentDetail ? ` (${info.agentDetail})` : ''}`;
}

function yesNo(v: boolean | null, unknown: string): string {
  return v === null ? unknown : v ? 'Yes' : 'No';
}

export function serverInfoRows(info: ServerInfo): readonly (readonly [string, string])[] {
  return [
    ['Server name (@@SERVERNAME)', info.serverName],
    ['Version', `${info.productVersion}${info.edition ? ` (${info.edition})` : ''}`],
    ['Product', info.versionText],
    ['Login', info.login],
    ['SQL Server Agent', agentText(info)],
    ['SSISDB catalog', yesNo(info.ssisdb, 'Could not be checked')],
    ['Integration Services subsystem', yesNo(info.ssisSubsystem, 'Not visible to this login')],
    ['Roles', rolesText(info.roles)],
    ['Round trip', `${Math.round(info.elapsedMs)} ms`],
  ];
}

export function ServerInfoGrid({ info }: { info: ServerInfo }) {
  return (
    <PropertyGrid label="Server properties" rows={serverInfoRows(info)} />
  );
}
