/** Shared setup of the runner tests: emulators, SQL logins through the environment, packages in temp folders. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackageXml, type TestPackage } from '../../../../shared/runtime/test-packages.js';
import { runDtexec } from '../dtexec-command.js';

export const SA_PASSWORD = 'Runner!Test2024';

export function cs(host: string, port: number, database = 'msdb'): string {
  return `Data Source=${host},${port};Initial Catalog=${database};Provider=MSOLEDBSQL.1;Integrated Security=SSPI;`;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ssisd-runner-${prefix}-`));
}

export function writePackage(dir: string, p: TestPackage): string {
  const path = join(dir, `${p.name}.dtsx`);
  writeFileSync(path, buildPackageXml(p));
  return path;
}

export const SQL_ENV = { SSISD_SQL_USER: 'sa', SSISD_SQL_PASSWORD: SA_PASSWORD };

/** Runs `ssisd exec` in process; returns its exit code and console text. */
export async function exec(args: string[], env: NodeJS.ProcessEnv = SQL_ENV): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runDtexec(args, { env, io: { out: (t) => (out += t), err: (t) => (out += t) } });
  return { code, out };
}

/** An Execute SQL Task; `taskAttrs` are raw SQLTask: attributes, `bindings` raw SQLTask: child elements. */
export function sqlTask(name: string, connectionId: string, statement: string, opts: { taskAttrs?: string; bindings?: string; attrs?: Record<string, string> } = {}) {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return {
    name,
    type: 'Microsoft.ExecuteSQLTask',
    attrs: opts.attrs,
    data: `<SQLTask:SqlTaskData xmlns:SQLTask="www.microsoft.com/sqlserver/dts/tasks/sqltask" SQLTask:Connection="${connectionId}" SQLTask:SqlStatementSource="${esc(statement)}" ${opts.taskAttrs ?? ''}>${opts.bindings ?? ''}</SQLTask:SqlTaskData>`,
  };
}
