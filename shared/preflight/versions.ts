/** TargetServerVersion names (.dtproj) and SQL Server major versions (SERVERPROPERTY('ProductVersion')). */
const MAJOR: Readonly<Record<string, number>> = {
  sqlserver2012: 11,
  sqlserver2014: 12,
  sqlserver2016: 13,
  sqlserver2017: 14,
  sqlserver2019: 15,
  sqlserver2022: 16,
  sqlserver2025: 17,
};

/** 15 for "SQLServer2019"; null for a name this app does not know. */
export function targetMajorVersion(target: string | null): number | null {
  if (!target) return null;
  return MAJOR[target.trim().toLowerCase()] ?? null;
}

/** "SQL Server 2019" for 15. */
export function productName(major: number): string {
  const hit = Object.entries(MAJOR).find(([, m]) => m === major);
  return hit ? `SQL Server ${hit[0].slice('sqlserver'.length)}` : `SQL Server (version ${major})`;
}

/** "SQLServer2019" for 15 (the TargetServerVersion value). */
export function targetVersionName(major: number): string | null {
  const hit = Object.entries(MAJOR).find(([, m]) => m === major);
  return hit ? `SQLServer${hit[0].slice('sqlserver'.length)}` : null;
}
