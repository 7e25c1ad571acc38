/**
 * File System Task: copy, move, rename and delete files; create, copy, move and delete directories and a
 * directory's content. Source and destination are File connection managers, or variables when
 * TaskIsSourceVariable / TaskIsDestinationVariable say so. An existing destination file is replaced only
 * with TaskOverwriteDestFile.
 */
import { cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { TaskError, type TaskContext, type TaskImpl } from '../../../../shared/runtime/task-api.js';
import { valueToString } from '../../../../shared/runtime/values.js';
import { localPath } from '../local-path.js';

const isTrue = (v: string | undefined) => ['true', '-1', '1'].includes((v ?? '').toLowerCase());

function path(ctx: TaskContext, which: 'Source' | 'Destination'): string {
  const ref = ctx.props.get(`Task${which}Path`) ?? '';
  if (isTrue(ctx.props.get(`TaskIs${which}Variable`))) return localPath(valueToString(ctx.read(ref)));
  const conn = ctx.connection(ref);
  if (!conn) throw new TaskError(`The connection "${ref}" is not found. This error is thrown by Connections collection when the specific connection element is not found.`, '0xC001000E');
  return localPath(conn.connectionString);
}

async function kind(p: string): Promise<'file' | 'dir' | null> {
  try {
    return (await stat(p)).isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

export const fileSystemTask: TaskImpl = async (ctx) => {
  const op = ctx.props.get('TaskOperationType') ?? '';
  const overwrite = isTrue(ctx.props.get('TaskOverwriteDestFile'));
  const src = path(ctx, 'Source');
  const needsDest = ['CopyFile', 'MoveFile', 'RenameFile', 'CopyDirectory', 'MoveDirectory'].includes(op);
  const dest = needsDest ? path(ctx, 'Destination') : '';
  try {
    switch (op) {
      case 'CopyFile':
      case 'MoveFile':
      case 'RenameFile': {
        if ((await kind(src)) !== 'file') throw new TaskError(`An error occurred with the following error message: "Could not find file '${src}'.".`, '0xC002F304');
        const target = op !== 'RenameFile' && (await kind(dest)) === 'dir' ? join(dest, basename(src)) : dest;
        if ((await kind(target)) !== null && !overwrite) throw new TaskError(`An error occurred with the following error message: "Destination file "${target}" already exists.".`, '0xC002F304');
        if (op === 'CopyFile') await cp(src, target, { force: true });
        else await rename(src, target);
        ctx.info(`${op === 'CopyFile' ? 'Copied' : op === 'MoveFile' ? 'Moved' : 'Renamed'} "${src}" to "${target}".`);
        return;
      }
      case 'DeleteFile':
        await rm(src, { force: true });
        return;
      case 'CreateDirectory':
        if ((await kind(src)) === 'dir' && !isTrue(ctx.props.get('TaskUseDirectoryIfExists'))) throw new TaskError(`An error occurred with the following error message: "Cannot create a directory "${src}" because it already exists.".`, '0xC002F304');
        await mkdir(src, { recursive: true });
        return;
      case 'DeleteDirectory':
        await rm(src, { recursive: true, force: true });
        return;
      case 'DeleteDirectoryContent':
        for (const entry of await readdir(src)) await rm(join(src, entry), { recursive: true, force: true });
        return;
      case 'CopyDirectory':
      case 'MoveDirectory': {
        if ((await kind(src)) !== 'dir') throw new TaskError(`An error occurred with the following error message: "Could not find a part of the path '${src}'.".`, '0xC002F304');
        const target = (await kind(dest)) === 'dir' ? join(dest, basename(src)) : dest;
        if ((await kind(target)) !== null && !overwrite) throw new TaskError(`An error occurred with the following error message: "Destination directory "${target}" already exists.".`, '0xC002F304');
        if (op === 'CopyDirectory') await cp(src, target, { recursive: true, force: true });
        else await rename(src, target);
        return;
      }
      default:
        throw new TaskError(`The File System Task operation "${op}" is not supported by the built-in engine.`, '0xC002F304');
    }
  } catch (e) {
    if (e instanceof TaskError) throw e;
    throw new TaskError(`An error occurred with the following error message: "${(e as Error).message}".`, '0xC002F304');
  }
};
