/** The msdb package store: the sp_ssis_* procedures with the role rules of their bodies. */
import { col, date, datetime, guid, int, nvarchar, sysname } from '../core/columns.js';
import type { ProcCall, ProcDef } from '../core/procedure.js';
import { hasRole, isSysadmin, sameLogin } from '../core/security.js';
import { raise, SqlError } from '../core/sql-error.js';
import { newGuid } from '../core/guid.js';
import { ROOT_FOLDER, type StoredPackage } from '../state/model.js';
import type { Session } from '../types.js';
import { name, num, str } from './params.js';
import { msdbProc, SSIS_ROLES } from './registry-helpers.js';

const MSDB_ROLES = ['db_ssisadmin', 'db_ssisltduser', 'db_ssisoperator', 'SQLAgentUserRole', 'SQLAgentReaderRole', 'SQLAgentOperatorRole', 'public'];

const admin = (s: Session) => isSysadmin(s) || hasRole(s, 'db_ssisadmin');
const ltd = (s: Session) => hasRole(s, 'db_ssisltduser');

function denied(pkg: string, proc: string): SqlError {
  return raise(14307, "Access to Integration Services package '%s' is denied.", [pkg], proc);
}

function canWrite(s: Session, p: StoredPackage): boolean {
  return admin(s) || (p.writerole !== null && hasRole(s, p.writerole)) || (ltd(s) && sameLogin(p.owner, s.login));
}

function findPackage(call: ProcCall): StoredPackage | undefined {
  const n = str(call, 'name');
  const folder = call.args.get('folderid') as string | null;
  return call.ctx.store.state.packages.find((p) => n !== null && p.name.toLowerCase() === n.toLowerCase() && p.folderid === folder);
}

function requireFolder(call: ProcCall, folderid: string | null, table: string, action: 'INSERT' | 'UPDATE'): void {
  if (folderid === null || call.ctx.store.state.packageFolders.some((f) => f.folderid === folderid)) return;
  throw new SqlError(547, `The ${action} statement conflicted with the FOREIGN KEY constraint "FK_${table}_sysssispackagefolders". The conflict occurred in database "msdb", table "dbo.sysssispackagefolders", column 'folderid'.`, 16, 0, call.procName);
}

const NAME_FOLDER = [
  { name: 'name', type: 'nvarchar', length: 128 },
  { name: 'folderid', type: 'uniqueidentifier' },
] as const;

export const spSsisPutpackage: ProcDef = msdbProc({
  name: 'sp_ssis_putpackage',
  writes: true,
  roles: SSIS_ROLES,
  params: [
    { name: 'name', type: 'nvarchar', length: 128 },
    { name: 'id', type: 'uniqueidentifier' },
    { name: 'description', type: 'nvarchar', length: 1024 },
    { name: 'createdate', type: 'datetime' },
    { name: 'folderid', type: 'uniqueidentifier' },
    { name: 'packagedata', type: 'image' },
    { name: 'packageformat', type: 'int' },
    { name: 'packagetype', type: 'int' },
    { name: 'vermajor', type: 'int' },
    { name: 'verminor', type: 'int' },
    { name: 'verbuild', type: 'int' },
    { name: 'vercomments', type: 'nvarchar', length: 1024 },
    { name: 'verid', type: 'uniqueidentifier' },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const pkgName = str(call, 'name') ?? '';
    const existing = findPackage(call);
    const data = call.args.get('packagedata') as Buffer | null;
    if (existing) {
      if (!canWrite(call.session, existing)) throw denied(pkgName, 'sp_ssis_putpackage');
    } else if (!(admin(call.session) || ltd(call.session))) throw denied(pkgName, 'sp_ssis_putpackage');
    const folderid = call.args.get('folderid') as string | null;
    requireFolder(call, folderid, 'sysssispackages', existing ? 'UPDATE' : 'INSERT');
    const notNull = (col: string, v: unknown) => {
      if (v === null) throw new SqlError(515, `Cannot insert the value NULL into column '${col}', table 'msdb.dbo.sysssispackages'; column does not allow nulls. ${existing ? 'UPDATE' : 'INSERT'} fails.`, 16, 2, 'sp_ssis_putpackage');
    };
    notNull('name', str(call, 'name'));
    notNull('id', call.args.get('id'));
    notNull('folderid', folderid);
    notNull('packagedata', data);
    const created = call.args.get('createdate') as Date | null;
    const fields = {
      name: pkgName,
      id: call.args.get('id') as string,
      description: str(call, 'description'),
      createdate: created ? created.toISOString() : null,
      folderid: folderid!,
      blob: call.ctx.store.blobs.put(data!),
      size: data!.length,
      packageformat: num(call, 'packageformat') ?? 0,
      packagetype: num(call, 'packagetype') ?? 0,
      vermajor: num(call, 'vermajor') ?? 0,
      verminor: num(call, 'verminor') ?? 0,
      verbuild: num(call, 'verbuild') ?? 0,
      vercomments: str(call, 'vercomments'),
      verid: (call.args.get('verid') as string | null) ?? '00000000-0000-0000-0000-000000000000',
    };
    if (existing) Object.assign(existing, fields);
    else state.packages.push({ ...fields, owner: call.session.login, isencrypted: 0, readrole: null, writerole: null });
  },
});

export const spSsisGetpackage: ProcDef = msdbProc({
  name: 'sp_ssis_getpackage',
  writes: false,
  roles: SSIS_ROLES,
  params: NAME_FOLDER,
  run(call) {
    const p = findPackage(call);
    const s = call.session;
    const pkgName = str(call, 'name') ?? '';
    if (p?.readrole) {
      if (!(hasRole(s, p.readrole) || admin(s) || hasRole(s, 'db_ssisoperator') || (ltd(s) && sameLogin(p.owner, s.login)))) throw denied(pkgName, 'sp_ssis_getpackage');
    } else if (!(admin(s) || hasRole(s, 'db_ssisoperator') || (p !== undefined && ltd(s) && sameLogin(p.owner, s.login)))) {
      throw raise(14586, "Only the owner of DTS Package '%s' or a member of the sysadmin role may create new versions of it.", [pkgName], 'sp_ssis_getpackage');
    }
    call.reply.resultSet({ columns: [col('packagedata', 'varbinary', -1)], rows: p ? [[call.ctx.store.blobs.get(p.blob)]] : [] });
  },
});

export const spSsisListpackages: ProcDef = msdbProc({
  name: 'sp_ssis_listpackages',
  writes: false,
  roles: SSIS_ROLES,
  params: [{ name: 'folderid', type: 'uniqueidentifier' }],
  run(call) {
    const folder = call.args.get('folderid') as string | null;
    const rows = call.ctx.store.state.packages
      .filter((p) => p.folderid === folder)
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
      .map((p) => [p.name, p.id, p.description, date(p.createdate), p.folderid, p.size, p.vermajor, p.verminor, p.verbuild, p.vercomments, p.verid]);
    call.reply.resultSet({
      columns: [sysname('name'), guid('id'), nvarchar('description', 1024), datetime('createdate'), guid('folderid'), int(''), int('vermajor'), int('verminor'), int('verbuild'), nvarchar('vercomments', 1024), guid('verid')],
      rows,
    });
  },
});

export const spSsisCheckexists: ProcDef = msdbProc({
  name: 'sp_ssis_checkexists',
  writes: false,
  roles: SSIS_ROLES,
  params: NAME_FOLDER,
  run(call) {
    call.reply.resultSet({ columns: [int('')], rows: findPackage(call) ? [[1]] : [] });
  },
});

export const spSsisDeletepackage: ProcDef = msdbProc({
  name: 'sp_ssis_deletepackage',
  writes: true,
  roles: SSIS_ROLES,
  params: NAME_FOLDER,
  run(call) {
    const p = findPackage(call);
    if (!p) return;
    if (!canWrite(call.session, p)) throw denied(p.name, 'sp_ssis_deletepackage');
    const state = call.ctx.store.state;
    state.packages = state.packages.filter((x) => x !== p);
  },
});

function checkFolderWriter(call: ProcCall, folderName: string): void {
  if (!(admin(call.session) || ltd(call.session))) throw raise(14591, "SSIS folder '%s' already exists in the specified parent folder.", [folderName], call.procName);
}

export const spSsisAddfolder: ProcDef = msdbProc({
  name: 'sp_ssis_addfolder',
  writes: true,
  roles: SSIS_ROLES,
  params: [
    { name: 'parentfolderid', type: 'uniqueidentifier' },
    { name: 'name', type: 'nvarchar', length: 128 },
    { name: 'folderid', type: 'uniqueidentifier', default: null },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const folderName = str(call, 'name') ?? '';
    checkFolderWriter(call, folderName);
    const parent = call.args.get('parentfolderid') as string | null;
    requireFolder(call, parent, 'sysssispackagefolders', 'INSERT');
    if (state.packageFolders.some((f) => f.parentfolderid === parent && f.foldername.toLowerCase() === folderName.toLowerCase())) {
      throw raise(14591, "SSIS folder '%s' already exists in the specified parent folder.", [folderName], 'sp_ssis_addfolder');
    }
    const id = (call.args.get('folderid') as string | null) ?? newGuid();
    if (state.packageFolders.some((f) => f.folderid === id)) {
      throw new SqlError(2627, `Violation of PRIMARY KEY constraint 'PK_sysssispackagefolders'. Cannot insert duplicate key in object 'dbo.sysssispackagefolders'. The duplicate key value is (${id.toLowerCase()}).`, 14, 1, 'sp_ssis_addfolder');
    }
    state.packageFolders.push({ folderid: id, parentfolderid: parent, foldername: folderName });
  },
});

export const spSsisGetfolder: ProcDef = msdbProc({
  name: 'sp_ssis_getfolder',
  writes: false,
  roles: SSIS_ROLES,
  params: [
    { name: 'name', type: 'nvarchar', length: 128 },
    { name: 'parentfolderid', type: 'uniqueidentifier' },
  ],
  run(call) {
    const folders = call.ctx.store.state.packageFolders;
    const n = str(call, 'name') ?? '';
    const parent = call.args.get('parentfolderid') as string | null;
    const rows = folders
      .filter((f) => f.parentfolderid === parent && f.foldername.toLowerCase() === n.toLowerCase())
      .map((f) => [f.folderid, f.foldername, f.parentfolderid, folders.find((p) => p.folderid === f.parentfolderid)?.foldername ?? null]);
    call.reply.resultSet({ columns: [guid('folderid'), sysname('foldername'), guid('parentfolderid'), sysname('foldername')], rows });
  },
});

export const spSsisListfolders: ProcDef = msdbProc({
  name: 'sp_ssis_listfolders',
  writes: false,
  roles: SSIS_ROLES,
  params: [{ name: 'parentfolderid', type: 'uniqueidentifier', default: null }],
  run(call) {
    const parent = call.args.get('parentfolderid') as string | null;
    const rows = call.ctx.store.state.packageFolders
      .filter((f) => f.parentfolderid === parent)
      .sort((a, b) => a.foldername.toLowerCase().localeCompare(b.foldername.toLowerCase()))
      .map((f) => [f.folderid, f.parentfolderid, f.foldername]);
    call.reply.resultSet({ columns: [guid('folderid'), guid('parentfolderid'), sysname('foldername')], rows });
  },
});

export const spSsisDeletefolder: ProcDef = msdbProc({
  name: 'sp_ssis_deletefolder',
  writes: true,
  roles: SSIS_ROLES,
  params: [{ name: 'folderid', type: 'uniqueidentifier' }],
  run(call) {
    const state = call.ctx.store.state;
    const id = call.args.get('folderid') as string | null;
    const folder = state.packageFolders.find((f) => f.folderid === id);
    if (id === ROOT_FOLDER || !(admin(call.session) || ltd(call.session))) throw denied(folder?.foldername ?? '', 'sp_ssis_deletefolder');
    if (!folder) return;
    if (state.packages.some((p) => p.folderid === id) || state.packageFolders.some((f) => f.parentfolderid === id)) {
      throw raise(14593, "SSIS folder '%s' contains packages and/or other folders. You must drop these first.", [folder.foldername], 'sp_ssis_deletefolder');
    }
    state.packageFolders = state.packageFolders.filter((f) => f !== folder);
  },
});

export const spSsisRenamefolder: ProcDef = msdbProc({
  name: 'sp_ssis_renamefolder',
  writes: true,
  roles: SSIS_ROLES,
  params: [
    { name: 'folderid', type: 'uniqueidentifier' },
    { name: 'name', type: 'nvarchar', length: 128 },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const n = str(call, 'name') ?? '';
    checkFolderWriter(call, n);
    const folder = state.packageFolders.find((f) => f.folderid === call.args.get('folderid'));
    if (!folder || folder.folderid === ROOT_FOLDER) return;
    if (state.packageFolders.some((f) => f !== folder && f.parentfolderid === folder.parentfolderid && f.foldername.toLowerCase() === n.toLowerCase())) {
      throw raise(14591, "SSIS folder '%s' already exists in the specified parent folder.", [n], 'sp_ssis_renamefolder');
    }
    folder.foldername = n;
  },
});

export const spSsisSetpackageroles: ProcDef = msdbProc({
  name: 'sp_ssis_setpackageroles',
  writes: true,
  roles: SSIS_ROLES,
  params: [...NAME_FOLDER, { name: 'readrole', type: 'nvarchar', length: 128 }, { name: 'writerole', type: 'nvarchar', length: 128 }],
  run(call) {
    const p = findPackage(call);
    const pkgName = str(call, 'name') ?? '';
    if (!p) return;
    if (!(admin(call.session) || sameLogin(p.owner, call.session.login))) throw denied(pkgName, 'sp_ssis_setpackageroles');
    const role = (param: string): string | null => {
      const r = name(call, param);
      if (r === null) return null;
      const known = MSDB_ROLES.find((x) => x.toLowerCase() === r.toLowerCase());
      if (!known) throw raise(15014, "The role '%s' does not exist in the current database.", [r], 'sp_ssis_setpackageroles');
      return known;
    };
    p.readrole = role('readrole');
    p.writerole = role('writerole');
  },
});

export const spSsisGetpackageroles: ProcDef = msdbProc({
  name: 'sp_ssis_getpackageroles',
  writes: false,
  roles: SSIS_ROLES,
  params: NAME_FOLDER,
  run(call) {
    const p = findPackage(call);
    call.reply.resultSet({ columns: [sysname('readrole'), sysname('writerole')], rows: p ? [[p.readrole, p.writerole]] : [] });
  },
});

export const PACKAGE_PROCEDURES: ProcDef[] = [
  spSsisPutpackage, spSsisGetpackage, spSsisListpackages, spSsisCheckexists, spSsisDeletepackage, spSsisAddfolder, spSsisGetfolder,
  spSsisListfolders, spSsisDeletefolder, spSsisRenamefolder, spSsisSetpackageroles, spSsisGetpackageroles,
];
