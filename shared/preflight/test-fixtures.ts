/** Hand-made packages and inputs for the preflight tests (format 8, as Visual Studio writes them). */
import type { ServerInfo, ServerRoles } from '../model/server.js';
import { packageFacts } from './package-facts.js';
import type { PreflightAssignment, PreflightInput, PreflightProject, ServerFacts } from './types.js';

export interface CmSpec {
  readonly name: string;
  readonly creationName: string;
  readonly connectionString: string;
  readonly expression?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function dtsx(o: { protectionLevel?: number | null; cms?: readonly CmSpec[]; children?: readonly string[]; sensitive?: boolean }): string {
  const pl = o.protectionLevel === null ? '' : `\n  DTS:ProtectionLevel="${o.protectionLevel ?? 0}"`;
  const cms = (o.cms ?? [])
    .map(
      (c, i) => `    <DTS:ConnectionManager
      DTS:refId="Package.ConnectionManagers[${esc(c.name)}]"
      DTS:CreationName="${c.creationName}"
      DTS:DTSID="{00000000-0000-0000-0000-00000000000${i}}"
      DTS:ObjectName="${esc(c.name)}">${c.expression ? `\n      <DTS:PropertyExpression\n        DTS:Name="ConnectionString">${esc(c.expression)}</DTS:PropertyExpression>` : ''}
      <DTS:ObjectData>
        <DTS:ConnectionManager
          DTS:ConnectionString="${esc(c.connectionString)}"${o.sensitive ? `>\n          <DTS:Password DTS:Name="Password" Sensitive="1" Encrypted="1">AQAAANCMnd8BFdERjHoAwE/Cl+sB</DTS:Password>\n        </DTS:ConnectionManager>` : ' />'}
      </DTS:ObjectData>
    </DTS:ConnectionManager>`,
    )
    .join('\n');
  const tasks = (o.children ?? [])
    .map(
      (c) => `    <DTS:Executable
      DTS:refId="Package\\Run ${c}"
      DTS:CreationName="Microsoft.ExecutePackageTask"
      DTS:ExecutableType="Microsoft.ExecutePackageTask"
      DTS:ObjectName="Run ${c}">
      <DTS:ObjectData>
        <ExecutePackageTask>
          <UseProjectReference>True</UseProjectReference>
          <PackageName>${c}</PackageName>
        </ExecutePackageTask>
      </DTS:ObjectData>
    </DTS:Executable>`,
    )
    .join('\n');
  return `<?xml version="1.0"?>
<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"
  DTS:refId="Package"
  DTS:CreationName="Microsoft.Package"
  DTS:DTSID="{11111111-1111-1111-1111-111111111111}"
  DTS:ExecutableType="Microsoft.Package"
  DTS:ObjectName="P"${pl}
  DTS:VersionGUID="{22222222-2222-2222-2222-222222222222}">
  <DTS:Property
    DTS:Name="PackageFormatVersion">8</DTS:Property>
  <DTS:ConnectionManagers>
${cms}
  </DTS:ConnectionManagers>
  <DTS:Executables>
${tasks}
  </DTS:Executables>
</DTS:Executable>`;
}

export const ALL_ROLES: ServerRoles = {
  sysadmin: true,
  sqlAgentUserRole: true,
  sqlAgentReaderRole: true,
  sqlAgentOperatorRole: true,
  dbSsisAdmin: true,
  dbSsisLtdUser: true,
  dbSsisOperator: true,
};

export function serverInfo(o: Partial<ServerInfo> = {}): ServerInfo {
  return {
    serverName: 'SRV1',
    productVersion: '16.0.1000.6',
    majorVersion: 16,
    edition: 'Developer Edition (64-bit)',
    versionText: 'Microsoft SQL Server 2022',
    login: 'deployer',
    agent: 'running',
    agentDetail: null,
    ssisdb: true,
    ssisSubsystem: true,
    roles: ALL_ROLES,
    elapsedMs: 1,
    ...o,
  };
}

export function server(name = 'SRV1', info: Partial<ServerInfo> = {}, proxies: ServerFacts['proxies'] = null): ServerFacts {
  return { name, info: serverInfo({ serverName: name, ...info }), error: null, proxies };
}

export function assignment(o: Partial<Omit<PreflightAssignment, 'job'>> & { job?: Partial<PreflightAssignment['job']> } = {}): PreflightAssignment {
  return {
    id: o.id ?? `a-${o.packageName ?? 'P.dtsx'}-${o.server ?? 'SRV1'}`,
    packageName: o.packageName ?? 'P.dtsx',
    server: o.server ?? 'SRV1',
    target: o.target ?? { kind: 'msdb', folder: 'ETL' },
    job: { createJob: true, owner: null, proxy: 'ETL Proxy', use32bit: false, ...o.job },
  };
}

export function project(packages: Record<string, string>, o: Partial<PreflightProject> = {}): PreflightProject {
  return {
    name: 'Proj',
    path: '/tmp/Proj/Proj.dtproj',
    protectionLevel: 0,
    targetServerVersion: 'SQLServer2019',
    connections: [],
    packages: Object.entries(packages).map(([name, text]) => ({ name, facts: packageFacts(text) })),
    ...o,
  };
}

export function input(p: PreflightProject, assignments: readonly PreflightAssignment[], servers: readonly ServerFacts[] = [server()]): PreflightInput {
  return { project: p, assignments, servers };
}
