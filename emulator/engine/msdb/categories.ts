/** sp_add_category and sp_help_category. */
import { int, sysname, tinyint, nvarchar } from '../core/columns.js';
import type { ProcDef } from '../core/procedure.js';
import { raise, SqlError } from '../core/sql-error.js';
import { name, num } from './params.js';
import { AGENT_ROLES, msdbProc, SYSADMIN_ONLY } from './registry-helpers.js';

const CLASSES: Record<string, number> = { JOB: 1, ALERT: 2, OPERATOR: 3 };

function classOf(value: string | null, proc: string): number {
  const c = CLASSES[(value ?? 'JOB').toUpperCase()];
  if (c === undefined) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@class', 'JOB, ALERT, OPERATOR'], proc);
  return c;
}

/** sp_verify_category's type check: LOCAL/MULTI-SERVER for jobs, NONE for alerts and operators. */
function typeOf(cls: number, value: string, proc: string): number {
  const t = value.toUpperCase();
  if (cls === 1) {
    if (t === 'LOCAL') return 1;
    if (t === 'MULTI-SERVER') return 2;
    throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@type', 'LOCAL, MULTI-SERVER'], proc);
  }
  if (t !== 'NONE') throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@type', 'NONE'], proc);
  return 3;
}

export const spAddCategory: ProcDef = msdbProc({
  name: 'sp_add_category',
  writes: true,
  roles: SYSADMIN_ONLY,
  params: [
    { name: 'class', type: 'varchar', length: 8, default: 'JOB' },
    { name: 'type', type: 'varchar', length: 12, default: 'LOCAL' },
    { name: 'name', type: 'nvarchar', length: 128 },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const cls = classOf(name(call, 'class'), 'sp_verify_category');
    const catName = name(call, 'name');
    if (catName === '[DEFAULT]') throw raise(14200, "The specified '%s' is invalid.", ['@name'], 'sp_verify_category');
    const typeText = name(call, 'type');
    const type = typeText === null ? null : typeOf(cls, typeText, 'sp_verify_category');
    if (catName === null || type === null) {
      throw new SqlError(515, `Cannot insert the value NULL into column '${catName === null ? 'name' : 'category_type'}', table 'msdb.dbo.syscategories'; column does not allow nulls. INSERT fails.`, 16, 2, 'sp_add_category');
    }
    if (state.categories.some((c) => c.category_class === cls && c.name.toLowerCase() === catName.toLowerCase())) {
      throw raise(14261, "The specified %s ('%s') already exists.", ['@name', catName], 'sp_add_category');
    }
    state.categories.push({ category_id: ++state.counters.category, category_class: cls, category_type: type, name: catName });
  },
});

export const spHelpCategory: ProcDef = msdbProc({
  name: 'sp_help_category',
  writes: false,
  roles: AGENT_ROLES,
  params: [
    { name: 'class', type: 'varchar', length: 8, default: 'JOB' },
    { name: 'type', type: 'varchar', length: 12, default: null },
    { name: 'name', type: 'nvarchar', length: 128, default: null },
    { name: 'suffix', type: 'bit', default: 0 },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const cls = classOf(name(call, 'class'), 'sp_help_category');
    const typeText = name(call, 'type');
    const type = typeOf(cls, typeText ?? (cls === 1 ? 'LOCAL' : 'NONE'), 'sp_verify_category');
    const catName = name(call, 'name');
    let cats = state.categories.filter((c) => c.category_class === cls && (typeText === null || c.category_type === type));
    if (catName !== null) {
      cats = cats.filter((c) => c.name.toLowerCase() === catName.toLowerCase());
      if (cats.length === 0 && !state.categories.some((c) => c.category_class === cls && c.name.toLowerCase() === catName.toLowerCase())) {
        throw raise(14526, 'The specified category "%s" does not exist for category class "%s".', [catName, String(cls)], 'sp_help_category');
      }
    }
    cats = [...cats].sort((a, b) => a.category_type - b.category_type || a.name.localeCompare(b.name));
    if ((num(call, 'suffix') ?? 0) !== 0) {
      const label = (t: number) => (t === 1 ? 'LOCAL' : t === 2 ? 'MULTI-SERVER' : 'NONE');
      call.reply.resultSet({ columns: [int('category_id'), nvarchar('category_type', 12), sysname('name')], rows: cats.map((c) => [c.category_id, label(c.category_type), c.name]) });
      return;
    }
    call.reply.resultSet({ columns: [int('category_id'), tinyint('category_type'), sysname('name')], rows: cats.map((c) => [c.category_id, c.category_type, c.name]) });
  },
});
