/**
 * msdb.dbo.syssubsystems as a server has it. The SSIS row exists only when SSIS is installed (here: when
 * a dtexec command is configured), which is why @subsystem = N'SSIS' fails with 14234 without it.
 */
export interface Subsystem {
  readonly id: number;
  readonly name: string;
  readonly description: string;
}

const ALL: readonly Subsystem[] = [
  { id: 1, name: 'TSQL', description: 'Transact-SQL Subsystem' },
  { id: 3, name: 'CmdExec', description: 'Command-Line Subsystem' },
  { id: 4, name: 'Snapshot', description: 'Replication Snapshot Subsystem' },
  { id: 5, name: 'LogReader', description: 'Replication Transaction-Log Reader Subsystem' },
  { id: 6, name: 'Distribution', description: 'Replication Distribution Subsystem' },
  { id: 7, name: 'Merge', description: 'Replication Merge Subsystem' },
  { id: 8, name: 'QueueReader', description: 'Replication Transaction Queue Reader Subsystem' },
  { id: 9, name: 'ANALYSISQUERY', description: 'Analysis query subsystem' },
  { id: 10, name: 'ANALYSISCOMMAND', description: 'Analysis command subsystem' },
  { id: 11, name: 'SSIS', description: 'SSIS package execution subsystem' },
  { id: 12, name: 'PowerShell', description: 'PowerShell Subsystem' },
];

export function subsystems(ssisInstalled: boolean): readonly Subsystem[] {
  return ALL.filter((s) => s.id !== 11 || ssisInstalled);
}

/** Finds a subsystem by name (any case; 'DTS' means SSIS) or null. */
export function findSubsystem(nameOrId: string | number, ssisInstalled: boolean): Subsystem | null {
  const list = subsystems(ssisInstalled);
  if (typeof nameOrId === 'number') return list.find((s) => s.id === nameOrId) ?? null;
  const n = nameOrId.trim().toUpperCase() === 'DTS' ? 'SSIS' : nameOrId.trim().toUpperCase();
  return list.find((s) => s.name.toUpperCase() === n) ?? null;
}

/** dll / exe columns sp_enum_sqlagent_subsystems shows (Windows paths of a default 2022 instance). */
export function subsystemFiles(s: Subsystem, dtexec: string | null | undefined): { dll: string | null; exe: string | null } {
  const binn = 'C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\';
  switch (s.id) {
    case 1: return { dll: '[Internal]', exe: '[Internal]' };
    case 3: return { dll: `${binn}SQLCMDSS.DLL`, exe: null };
    case 11: return { dll: `${binn}SQLDTSSS.DLL`, exe: dtexec ?? null };
    case 12: return { dll: `${binn}SQLPOWERSHELLSS.DLL`, exe: 'powershell.exe' };
    case 9: case 10: return { dll: `${binn}SQLOLAPSS.DLL`, exe: null };
    default: return { dll: `${binn}SQLREPSS.DLL`, exe: null };
  }
}
