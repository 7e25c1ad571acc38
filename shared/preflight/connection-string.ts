/**
 * OLE DB / ADO.NET / ODBC connection strings ("Key=Value;Key2=\"a;b\";"), read the way the providers read
 * them: keys are case-insensitive, values may be quoted with ' or " (a doubled quote inside is one quote).
 */

export type ConnectionStringMap = ReadonlyMap<string, string>;

export function parseConnectionString(text: string): ConnectionStringMap {
  const out = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ';' || text[i] === ' ' || text[i] === '\t')) i++;
    const eq = text.indexOf('=', i);
    if (eq === -1) break;
    const key = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    while (i < n && text[i] === ' ') i++;
    let value = '';
    const q = text[i];
    if (q === '"' || q === "'") {
      i++;
      for (;;) {
        if (i >= n) break;
        if (text[i] === q) {
          if (text[i + 1] === q) {
            value += q;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      while (i < n && text[i] !== ';') i++;
    } else {
      const semi = text.indexOf(';', i);
      const end = semi === -1 ? n : semi;
      value = text.slice(i, end).trim();
      i = end;
    }
    if (key && !out.has(key)) out.set(key, value);
  }
  return out;
}

/** The first of several synonyms that is present (providers accept e.g. "Data Source" and "Server"). */
export function csValue(map: ConnectionStringMap, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = map.get(k.toLowerCase());
    if (v !== undefined) return v;
  }
  return null;
}

/** The server part of a data source: "tcp:Host\Inst,1433" → "host". */
export function dataSourceHost(dataSource: string): string {
  let s = dataSource.trim().replace(/^(tcp|np|lpc|admin):/i, '');
  s = s.split(',')[0]!.split('\\')[0]!.trim();
  return s.toLowerCase();
}

/** Names that mean "this machine" wherever the package runs. */
export function isLocalServerName(dataSource: string): boolean {
  const raw = dataSource.trim().toLowerCase();
  if (raw === '(local)' || raw.startsWith('(local)\\') || raw.startsWith('(localdb)')) return true;
  const host = dataSourceHost(dataSource);
  return host === '.' || host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '(local)';
}

/** Integrated Security=SSPI/true/yes, Trusted_Connection=yes. */
export function usesWindowsAuthentication(map: ConnectionStringMap): boolean {
  const v = (csValue(map, 'Integrated Security', 'Trusted_Connection') ?? '').trim().toLowerCase();
  return v === 'sspi' || v === 'true' || v === 'yes';
}

/** A path on a drive of the machine that runs the package (C:\..., not \\server\share). */
export function isLocalDrivePath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path.trim());
}
