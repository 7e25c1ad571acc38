/**
 * The built-in engine's Node side: the tasks it supports (the I/O-free ones from shared/runtime plus SQL,
 * Agent job, process and file tasks here), the Foreach File enumerator's directory walk, and reading child
 * packages for the Execute Package Task.
 */
import { readdir, readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import type { EngineHost, TaskImpl } from '../../../shared/runtime/task-api.js';
import { TASK } from '../../../shared/runtime/task-types.js';
import { executePackageTask, expressionTask } from '../../../shared/runtime/tasks/package-tasks.js';
import { localPath } from './local-path.js';
import { decodeText, decryptPackageText } from './package-files.js';
import { loadFromMsdbPool } from './package-sources.js';
import { endpointOf, type SqlConnections } from './sql-connection.js';
import { agentJobTask } from './tasks/agent-job-task.js';
import { executeProcessTask } from './tasks/execute-process-task.js';
import { executeSqlTask } from './tasks/execute-sql-task.js';
import { fileSystemTask } from './tasks/file-system-task.js';

/** `*.csv`, `data?.txt`: the Windows wildcard rules of the Foreach File enumerator, case-insensitive. */
function wildcard(spec: string): RegExp {
  const body = spec.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body === '.*\\..*' ? '.*' : body}$`, 'i');
}

async function walk(folder: string, match: RegExp, recurse: boolean, out: string[]): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const full = join(folder, e.name);
    if (e.isDirectory()) {
      if (recurse) await walk(full, match, recurse, out);
    } else if (match.test(e.name)) out.push(full);
  }
}

export function createEngineHost(connections: SqlConnections, packagePassword: string | null): EngineHost {
  const tasks = new Map<string, TaskImpl>([
    [TASK.expression, expressionTask],
    [TASK.executeSql, executeSqlTask(connections)],
    [TASK.agentJob, agentJobTask(connections)],
    [TASK.executeProcess, executeProcessTask],
    [TASK.fileSystem, fileSystemTask],
  ]);
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid; the name is informational only.
  }
  const host: EngineHost = {
    tasks,
    async enumerateFiles(folder, fileSpec, recurse) {
      const out: string[] = [];
      await walk(localPath(folder), wildcard(fileSpec), recurse, out);
      return out.sort();
    },
    async readPackageFile(path) {
      return decryptPackageText(decodeText(await readFile(localPath(path))), path, packagePassword);
    },
    async loadMsdbPackage(connectionString, packagePath) {
      return loadFromMsdbPool(await connections.pool(connectionString), endpointOf(connectionString).dataSource, packagePath, packagePassword);
    },
    now: () => new Date(),
    machineName: hostname(),
    userName: user,
  };
  tasks.set(TASK.executePackage, executePackageTask(host));
  return host;
}
