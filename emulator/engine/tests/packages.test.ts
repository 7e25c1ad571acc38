import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineInstance, SqlValue } from '../types.js';
import { call, engineFor, errorOf, rowsAsObjects, session, tempDir } from './helpers.js';

const ROOT = '00000000-0000-0000-0000-000000000000';
const ETL = '11111111-2222-3333-4444-555555555555';
let engine: EngineInstance;
let dir: ReturnType<typeof tempDir>;
beforeEach(async () => {
  dir = tempDir();
  engine = await engineFor({ dataDir: dir.dir });
});
afterEach(async () => {
  await engine.close();
  dir.cleanup();
});

function put(name: string, data: Buffer, folderid = ETL, extra: Record<string, SqlValue> = {}) {
  return {
    name, id: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE', description: 'Child package', createdate: new Date('2024-01-31T10:00:00Z'), folderid,
    packagedata: data, packageformat: 3, packagetype: 5, vermajor: 1, verminor: 0, verbuild: 7, vercomments: null, verid: 'FFFFFFFF-BBBB-CCCC-DDDD-EEEEEEEEEEEE', ...extra,
  };
}

describe('msdb package store', () => {
  it('adds folders, upserts packages (5 MB) and reads them back byte for byte', async () => {
    const s = session(engine);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_ssis_addfolder', { parentfolderid: ROOT, name: 'ETL', folderid: ETL }))).toBeUndefined();
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_ssis_addfolder', { parentfolderid: ROOT, name: 'etl' }))?.number).toBe(14591);
    expect(rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_ssis_getfolder', { name: 'ETL', parentfolderid: ROOT }))[0]!.folderid).toBe(ETL);
    const top = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_ssis_listfolders', { parentfolderid: ROOT }));
    expect(top.map((f) => f.foldername)).toEqual(['ETL', 'Maintenance Plans']);
    expect(rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_ssis_listfolders')).map((f) => f.folderid)).toEqual([ROOT]);

    const big = randomBytes(5 * 1024 * 1024);
    expect((await call(engine, s, 'msdb.dbo.sp_ssis_putpackage', put('Child', big))).returnStatus).toBe(0);
    const got = await call(engine, s, 'msdb.dbo.sp_ssis_getpackage', { name: 'Child', folderid: ETL });
    expect(Buffer.compare(got.resultSets[0]!.rows[0]![0] as Buffer, big)).toBe(0);
    const small = Buffer.from('<DTS:Executable/>');
    await call(engine, s, 'msdb.dbo.sp_ssis_putpackage', put('child', small, ETL, { verbuild: 8 }));
    const list = await call(engine, s, 'msdb.dbo.sp_ssis_listpackages', { folderid: ETL });
    expect(list.resultSets[0]!.columns.map((c) => c.name)).toEqual(['name', 'id', 'description', 'createdate', 'folderid', '', 'vermajor', 'verminor', 'verbuild', 'vercomments', 'verid']);
    expect(list.resultSets[0]!.rows).toHaveLength(1);
    expect(list.resultSets[0]!.rows[0]![5]).toBe(small.length);
    expect(list.resultSets[0]!.rows[0]![8]).toBe(8);
    expect((await call(engine, s, 'msdb.dbo.sp_ssis_checkexists', { name: 'Child', folderid: ETL })).resultSets[0]!.rows).toEqual([[1]]);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_ssis_deletefolder', { folderid: ETL }))?.number).toBe(14593);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_ssis_deletefolder', { folderid: ROOT }))?.number).toBe(14307);
    await call(engine, s, 'msdb.dbo.sp_ssis_deletepackage', { name: 'Child', folderid: ETL });
    await call(engine, s, 'msdb.dbo.sp_ssis_deletepackage', { name: 'Child', folderid: ETL });
    expect((await call(engine, s, 'msdb.dbo.sp_ssis_checkexists', { name: 'Child', folderid: ETL })).resultSets[0]!.rows).toEqual([]);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_ssis_deletefolder', { folderid: ETL }))).toBeUndefined();
  });

  it('requires all putpackage parameters and a real folder', async () => {
    const s = session(engine);
    const { verid: _v, ...missing } = put('X', Buffer.from('x'), ROOT);
    void _v;
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_ssis_putpackage', missing))?.number).toBe(201);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_ssis_putpackage', put('X', Buffer.from('x'), '99999999-2222-3333-4444-555555555555')))?.number).toBe(547);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_ssis_putpackage', put('X', 'text' as unknown as Buffer, ROOT)))?.number).toBe(257);
  });

  it('applies the SSIS roles', async () => {
    const s = session(engine);
    await call(engine, s, 'msdb.dbo.sp_ssis_putpackage', put('AdminPkg', Buffer.from('a'), ROOT));
    const ltd = session(engine, 'ssisuser');
    expect(errorOf(await call(engine, ltd, 'msdb.dbo.sp_ssis_putpackage', put('AdminPkg', Buffer.from('b'), ROOT)))).toMatchObject({ number: 14307, message: "Access to Integration Services package 'AdminPkg' is denied." });
    expect(errorOf(await call(engine, ltd, 'msdb.dbo.sp_ssis_getpackage', { name: 'AdminPkg', folderid: ROOT }))?.number).toBe(14586);
    expect((await call(engine, ltd, 'msdb.dbo.sp_ssis_putpackage', put('Mine', Buffer.from('m'), ROOT))).returnStatus).toBe(0);
    expect((await call(engine, ltd, 'msdb.dbo.sp_ssis_getpackage', { name: 'Mine', folderid: ROOT })).resultSets[0]!.rows).toHaveLength(1);
    expect(errorOf(await call(engine, session(engine, 'alice'), 'msdb.dbo.sp_ssis_listfolders'))?.number).toBe(229);
  });
});
