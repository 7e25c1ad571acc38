/**
 * Resolves a procedure name as the client wrote it ([msdb].[dbo].[sp_x], msdb..sp_x, dbo.sp_x, sp_x) to
 * database + schema + name, using the session's database for the parts left out (SQL Server's rules).
 */
export interface ObjectName {
  readonly server: string | null;
  readonly database: string;
  readonly schema: string;
  readonly name: string;
  /** The name without brackets, for messages (2812 quotes it like this). */
  readonly display: string;
}

/** Splits a multi-part name on dots outside brackets/quotes and strips the delimiters. */
export function splitParts(text: string): string[] | null {
  const parts: string[] = [];
  let cur = '';
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    const c = s[i]!;
    if (c === '[') {
      const end = findClose(s, i, ']');
      if (end < 0) return null;
      cur += s.slice(i + 1, end).replace(/\]\]/g, ']');
      i = end + 1;
    } else if (c === '"') {
      const end = findClose(s, i, '"');
      if (end < 0) return null;
      cur += s.slice(i + 1, end).replace(/""/g, '"');
      i = end + 1;
    } else if (c === '.') {
      parts.push(cur);
      cur = '';
      i++;
    } else {
      cur += c;
      i++;
    }
  }
  parts.push(cur);
  return parts.map((p) => p.trim());
}

function findClose(s: string, open: number, close: string): number {
  let i = open + 1;
  while (i < s.length) {
    if (s[i] === close) {
      if (s[i + 1] === close) {
        i += 2;
        continue;
      }
      return i;
    }
    i++;
  }
  return -1;
}

/** Resolves against the session database; the default schema is dbo. */
export function resolveName(text: string, currentDatabase: string): ObjectName | null {
  const parts = splitParts(text);
  if (!parts || parts.length > 4 || parts.some((p, i) => p === '' && i === parts.length - 1)) return null;
  while (parts.length < 4) parts.unshift('');
  const [server, database, schema, name] = parts as [string, string, string, string];
  return {
    server: server || null,
    database: database || currentDatabase,
    schema: schema || 'dbo',
    name,
    display: parts.filter((p, i) => p !== '' || (i > 0 && parts.slice(0, i).some((q) => q !== ''))).join('.'),
  };
}
