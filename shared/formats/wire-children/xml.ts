/**
 * The XML Visual Studio writes for what Wire Child Jobs adds (sqlserver.md §7.1–7.2): an OLE DB connection
 * manager per server, an Execute SQL Task per (child, server) and, in sequence mode, success constraints.
 * Attribute order and layout follow Visual Studio's format 8 (refId first, then alphabetical, one per line).
 */

export const WIRE_MARK = '(ssisd:wire)';
export const CONSTRAINT_PREFIX = 'ssisd wire ';
export const NS_SQLTASK = 'www.microsoft.com/sqlserver/dts/tasks/sqltask';
const TASK_CONTACT =
  'Execute SQL Task; Microsoft Corporation; SQL Server 2019; © 2019 Microsoft Corporation; All Rights Reserved;http://www.microsoft.com/sql/support/default.asp;1';

/** Attribute value as Visual Studio escapes it (line breaks as character references, so they survive). */
export function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#xD;')
    .replace(/\n/g, '&#xA;')
    .replace(/\t/g, '&#x9;');
}

/** SSIS object names may not contain \ / : [ ] . = (the designer refuses them); CM names may keep the dot. */
export function objectName(text: string, keepDots = false): string {
  return text.replace(keepDots ? /[\\/:[\]=]/g : /[\\/:[\].=]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function connectionManagerXml(o: { name: string; id: string; connectionString: string }): string {
  return [
    `<DTS:ConnectionManager`,
    `  DTS:refId="Package.ConnectionManagers[${attr(o.name)}]"`,
    `  DTS:CreationName="OLEDB"`,
    `  DTS:Description="${attr(`Connection to msdb for Wire Child Jobs ${WIRE_MARK}`)}"`,
    `  DTS:DTSID="${o.id}"`,
    `  DTS:ObjectName="${attr(o.name)}">`,
    `  <DTS:ObjectData>`,
    `    <DTS:ConnectionManager`,
    `      DTS:ConnectionString="${attr(o.connectionString)}" />`,
    `  </DTS:ObjectData>`,
    `</DTS:ConnectionManager>`,
  ].join('\n');
}

export function executeSqlTaskXml(o: { name: string; id: string; description: string; connectionId: string; sql: string }): string {
  return [
    `<DTS:Executable`,
    `  DTS:refId="Package\\${attr(o.name)}"`,
    `  DTS:CreationName="Microsoft.ExecuteSQLTask"`,
    `  DTS:Description="${attr(`${o.description} ${WIRE_MARK}`)}"`,
    `  DTS:DTSID="${o.id}"`,
    `  DTS:ExecutableType="Microsoft.ExecuteSQLTask"`,
    `  DTS:LocaleID="-1"`,
    `  DTS:ObjectName="${attr(o.name)}"`,
    `  DTS:TaskContact="${attr(TASK_CONTACT)}"`,
    `  DTS:ThreadHint="0">`,
    `  <DTS:Variables />`,
    `  <DTS:ObjectData>`,
    `    <SQLTask:SqlTaskData`,
    `      SQLTask:Connection="${o.connectionId}"`,
    `      SQLTask:SqlStatementSource="${attr(o.sql)}" xmlns:SQLTask="${NS_SQLTASK}" />`,
    `  </DTS:ObjectData>`,
    `</DTS:Executable>`,
  ].join('\n');
}

export function precedenceConstraintXml(o: { name: string; id: string; from: string; to: string }): string {
  return [
    `<DTS:PrecedenceConstraint`,
    `  DTS:refId="Package.PrecedenceConstraints[${attr(o.name)}]"`,
    `  DTS:CreationName=""`,
    `  DTS:DTSID="${o.id}"`,
    `  DTS:From="Package\\${attr(o.from)}"`,
    `  DTS:LogicalAnd="True"`,
    `  DTS:ObjectName="${attr(o.name)}"`,
    `  DTS:To="Package\\${attr(o.to)}" />`,
  ].join('\n');
}
