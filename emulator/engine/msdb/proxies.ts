/** Agent proxies: sp_add_proxy, sp_delete_proxy, grants to subsystems and logins, sp_help_proxy, sp_enum_login_for_proxy. */
import { int, nvarchar, sysname, tinyint, varbinary } from '../core/columns.js';
import type { ProcCall, ProcDef } from '../core/procedure.js';
import { sidOf } from '../core/security.js';
import { raise, SqlError } from '../core/sql-error.js';
import type { Proxy } from '../state/model.js';
import { name, num } from './params.js';
import { ownerMayUseProxy, proxyGrantedToSubsystem } from './proxy-access.js';
import { AGENT_ROLES, msdbProc, OPERATOR_OR_SYSADMIN, SYSADMIN_ONLY } from './registry-helpers.js';
import { findSubsystem } from './subsystems.js';

const MSDB_ROLES = ['SQLAgentUserRole', 'SQLAgentReaderRole', 'SQLAgentOperatorRole', 'db_ssisadmin', 'db_ssisltduser', 'db_ssisoperator', 'DatabaseMailUserRole', 'dc_operator', 'dc_admin', 'dc_proxy', 'PolicyAdministratorRole', 'ServerGroupAdministratorRole', 'ServerGroupReaderRole', 'UtilityCMRReader', 'UtilityIMRReader', 'UtilityIMRWriter', 'TargetServersRole'];
const SERVER_ROLES = ['sysadmin', 'securityadmin', 'serveradmin', 'setupadmin', 'processadmin', 'diskadmin', 'dbcreator', 'bulkadmin', 'public'];

/** sp_verify_proxy_identifiers: exactly one of @proxy_id / @proxy_name (when `required`). */
function proxyOf(call: ProcCall, required: boolean): Proxy | null {
  const id = num(call, 'proxy_id');
  const pname = name(call, 'proxy_name');
  if (id === null && pname === null) {
    if (!required) return null;
    throw raise(14524, 'Supply either %s or %s.', ['@proxy_id', '@proxy_name'], 'sp_verify_proxy_identifiers');
  }
  if (id !== null && pname !== null) throw raise(14524, 'Supply either %s or %s.', ['@proxy_id', '@proxy_name'], 'sp_verify_proxy_identifiers');
  const proxies = call.ctx.store.state.proxies;
  const p = id !== null ? proxies.find((x) => x.proxy_id === id) : proxies.find((x) => x.name.toLowerCase() === pname!.toLowerCase());
  if (!p) throw raise(14262, "The specified %s ('%s') does not exist.", id !== null ? ['@proxy_id', id] : ['@proxy_name', pname!], 'sp_verify_proxy_identifiers');
  return p;
}

/** The emulator cannot ask Windows: an identity of the form DOMAIN\user counts as a Windows account. */
function isWindowsAccount(identity: string): boolean {
  return /^[^\\\s]+\\[^\\]+$/.test(identity.trim());
}

export const spAddProxy: ProcDef = msdbProc({
  name: 'sp_add_proxy',
  writes: true,
  roles: SYSADMIN_ONLY,
  params: [
    { name: 'proxy_name', type: 'nvarchar', length: 128 },
    { name: 'enabled', type: 'tinyint', default: 1 },
    { name: 'description', type: 'nvarchar', length: 512, default: null },
    { name: 'credential_name', type: 'nvarchar', length: 128, default: null },
    { name: 'credential_id', type: 'int', default: null },
    { name: 'proxy_id', type: 'int', default: null, output: true },
  ],
  run(call) {
    const state = call.ctx.store.state;
    // The order of sp_add_proxy: sp_verify_proxy (unique name, enabled), the credential, the Windows identity.
    const proxyName = name(call, 'proxy_name');
    if (proxyName !== null && state.proxies.some((p) => p.name.toLowerCase() === proxyName.toLowerCase())) throw raise(14261, "The specified %s ('%s') already exists.", ['@name', proxyName], 'sp_verify_proxy');
    const enabled = num(call, 'enabled') ?? 1;
    if (enabled !== 0 && enabled !== 1) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@enabled', '0, 1'], 'sp_verify_proxy');
    const credId = num(call, 'credential_id');
    const credName = name(call, 'credential_name');
    if ((credId === null) === (credName === null)) throw raise(14524, 'Supply either %s or %s.', ['@credential_id', '@credential_name'], 'sp_verify_credential_identifiers');
    const cred = credId !== null ? state.credentials.find((c) => c.credential_id === credId) : state.credentials.find((c) => c.name.toLowerCase() === credName!.toLowerCase());
    if (!cred) throw raise(14262, "The specified %s ('%s') does not exist.", credId !== null ? ['@credential_id', String(credId)] : ['@credential_name', credName!], 'sp_verify_credential_identifiers');
    if (!isWindowsAccount(cred.credential_identity)) throw raise(14529, 'Proxy "%s" is not a valid Windows user.', [cred.credential_identity], 'sp_add_proxy');
    if (proxyName === null) throw new SqlError(515, "Cannot insert the value NULL into column 'name', table 'msdb.dbo.sysproxies'; column does not allow nulls. INSERT fails.", 16, 2, 'sp_add_proxy');
    const proxy: Proxy = {
      proxy_id: ++state.counters.proxy, name: proxyName, credential_id: cred.credential_id, enabled, description: name(call, 'description') === null ? null : String(call.args.get('description')),
      user_sid: sidOf(cred.credential_identity).toString('hex'), credential_date_created: cred.create_date,
    };
    state.proxies.push(proxy);
    call.reply.output('proxy_id', proxy.proxy_id);
  },
});

export const spDeleteProxy: ProcDef = msdbProc({
  name: 'sp_delete_proxy',
  writes: true,
  roles: SYSADMIN_ONLY,
  params: [
    { name: 'proxy_id', type: 'int', default: null },
    { name: 'proxy_name', type: 'nvarchar', length: 128, default: null },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const p = proxyOf(call, true)!;
    state.proxies = state.proxies.filter((x) => x.proxy_id !== p.proxy_id);
    state.proxySubsystems = state.proxySubsystems.filter((x) => x.proxy_id !== p.proxy_id);
    state.proxyLogins = state.proxyLogins.filter((x) => x.proxy_id !== p.proxy_id);
  },
});

function subsystemOf(call: ProcCall) {
  const id = num(call, 'subsystem_id');
  const sname = name(call, 'subsystem_name');
  if ((id === null) === (sname === null)) throw raise(14524, 'Supply either %s or %s.', ['@subsystem_id', '@subsystem_name'], 'sp_verify_subsystem_identifiers');
  const sub = findSubsystem(id ?? sname!, call.ctx.options.dtexec != null);
  if (!sub) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", [id !== null ? '@subsystem_id' : '@subsystem_name', 'sp_enum_sqlagent_subsystems'], 'sp_verify_subsystem_identifiers');
  return sub;
}

export const spGrantProxyToSubsystem: ProcDef = msdbProc({
  name: 'sp_grant_proxy_to_subsystem',
  writes: true,
  roles: SYSADMIN_ONLY,
  params: [
    { name: 'proxy_id', type: 'int', default: null },
    { name: 'proxy_name', type: 'nvarchar', length: 128, default: null },
    { name: 'subsystem_id', type: 'int', default: null },
    { name: 'subsystem_name', type: 'nvarchar', length: 128, default: null },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const p = proxyOf(call, true)!;
    const sub = subsystemOf(call);
    if (sub.id === 1) throw new SqlError(14530, 'The Transact-SQL subsystem cannot be executed under the context of a proxy account.', 16, 1, 'sp_grant_proxy_to_subsystem');
    if (proxyGrantedToSubsystem(state, p.proxy_id, sub.id)) throw new SqlError(14531, 'Permission to access proxy already granted. Verify current permissions assignments.', 16, 1, 'sp_grant_proxy_to_subsystem');
    state.proxySubsystems.push({ proxy_id: p.proxy_id, subsystem_id: sub.id });
  },
});

export const spRevokeProxyFromSubsystem: ProcDef = msdbProc({
  name: 'sp_revoke_proxy_from_subsystem',
  writes: true,
  roles: SYSADMIN_ONLY,
  params: spGrantProxyToSubsystem.params,
  run(call) {
    const state = call.ctx.store.state;
    const p = proxyOf(call, true)!;
    const sub = subsystemOf(call);
    if (!proxyGrantedToSubsystem(state, p.proxy_id, sub.id)) throw raise(14532, 'Supply both %s and %s arguments.', ['@proxy_name', '@subsystem_name'], 'sp_revoke_proxy_from_subsystem');
    state.proxySubsystems = state.proxySubsystems.filter((g) => !(g.proxy_id === p.proxy_id && g.subsystem_id === sub.id));
  },
});

const LOGIN_PARAMS = [
  { name: 'login_name', type: 'nvarchar', length: 256, default: null },
  { name: 'fixed_server_role', type: 'nvarchar', length: 256, default: null },
  { name: 'msdb_role', type: 'nvarchar', length: 256, default: null },
  { name: 'proxy_id', type: 'int', default: null },
  { name: 'proxy_name', type: 'nvarchar', length: 128, default: null },
] as const;

function principalOf(call: ProcCall, proc: string): { name: string; flags: number } {
  const given = (['login_name', 'fixed_server_role', 'msdb_role'] as const).map((k) => [k, name(call, k)] as const).filter(([, v]) => v !== null);
  if (given.length !== 1) throw new SqlError(14519, 'Only one of @login_name, @fixed_server_role, or @msdb_role should be specified.', 16, 1, proc);
  const [kind, value] = given[0]!;
  if (kind === 'login_name') {
    const login = call.ctx.logins.get(value!.toLowerCase());
    if (!login && !isWindowsAccount(value!)) throw raise(14520, "'%s' is not a valid SQL Server standard login, Windows NT user, Windows NT group, or msdb database role.", [value!], proc);
    return { name: login?.name ?? value!, flags: 0 };
  }
  if (kind === 'fixed_server_role') {
    const r = SERVER_ROLES.find((x) => x.toLowerCase() === value!.toLowerCase());
    if (!r) throw raise(14521, "'%s' is not a valid SQL Server fixed server role.", [value!], proc);
    return { name: r, flags: 1 };
  }
  const r = MSDB_ROLES.find((x) => x.toLowerCase() === value!.toLowerCase());
  if (!r) throw raise(14522, "'%s' is not a valid msdb database role.", [value!], proc);
  return { name: r, flags: 2 };
}

export const spGrantLoginToProxy: ProcDef = msdbProc({
  name: 'sp_grant_login_to_proxy',
  writes: true,
  roles: SYSADMIN_ONLY,
  params: LOGIN_PARAMS,
  run(call) {
    const state = call.ctx.store.state;
    // The order of sp_grant_login_to_proxy: the proxy, the principal, then sysadmin logins (only a message).
    const p = proxyOf(call, true)!;
    const principal = principalOf(call, 'sp_grant_login_to_proxy');
    if (principal.flags === 0) {
      const login = call.ctx.logins.get(principal.name.toLowerCase());
      if (principal.name.toLowerCase() === 'sa' || (login && [...login.roles].some((r) => r.toLowerCase() === 'sysadmin'))) {
        call.reply.info(14395, `'${principal.name}' is a member of sysadmin server role and cannot be granted to or revoked from the proxy. Members of sysadmin server role are allowed to use any proxy.`, 'sp_grant_login_to_proxy', 10);
        return;
      }
    }
    if (state.proxyLogins.some((g) => g.proxy_id === p.proxy_id && g.flags === principal.flags && g.name.toLowerCase() === principal.name.toLowerCase())) {
      throw new SqlError(14531, 'Permission to access proxy already granted. Verify current permissions assignments.', 16, 1, 'sp_grant_login_to_proxy');
    }
    state.proxyLogins.push({ proxy_id: p.proxy_id, name: principal.name, flags: principal.flags });
  },
});

export const spRevokeLoginFromProxy: ProcDef = msdbProc({
  name: 'sp_revoke_login_from_proxy',
  writes: true,
  roles: SYSADMIN_ONLY,
  params: [
    { name: 'name', type: 'nvarchar', length: 256 },
    { name: 'proxy_id', type: 'int', default: null },
    { name: 'proxy_name', type: 'nvarchar', length: 128, default: null },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const p = proxyOf(call, true)!;
    const who = name(call, 'name') ?? '';
    const before = state.proxyLogins.length;
    state.proxyLogins = state.proxyLogins.filter((g) => !(g.proxy_id === p.proxy_id && g.name.toLowerCase() === who.toLowerCase()));
    if (state.proxyLogins.length === before) throw raise(14523, '"%s" has not been granted permission to use proxy "%s".', [who, p.name], 'sp_revoke_login_from_proxy');
  },
});

export const spHelpProxy: ProcDef = msdbProc({
  name: 'sp_help_proxy',
  writes: false,
  roles: AGENT_ROLES,
  params: [
    { name: 'proxy_id', type: 'int', default: null },
    { name: 'proxy_name', type: 'nvarchar', length: 128, default: null },
    { name: 'subsystem_name', type: 'nvarchar', length: 128, default: null },
    { name: 'name', type: 'nvarchar', length: 256, default: null },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const one = proxyOf(call, false);
    const subName = name(call, 'subsystem_name');
    let sub: ReturnType<typeof findSubsystem> = null;
    if (subName !== null) {
      sub = findSubsystem(subName, call.ctx.options.dtexec != null);
      if (!sub) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", ['@subsystem_name', 'sp_enum_sqlagent_subsystems'], 'sp_verify_subsystem_identifiers');
    }
    let login = name(call, 'name');
    if ((subName === null) !== (login === null)) throw raise(14532, 'Supply both %s and %s arguments.', ['@subsystem_name', '@name'], 'sp_help_proxy');
    // Only sysadmin and SQLAgentOperatorRole see proxies granted to others; everyone else sees their own.
    const privileged = OPERATOR_OR_SYSADMIN(call.session);
    if (!privileged) login = call.session.login;
    let proxies = one ? [one] : [...state.proxies];
    if (login !== null) {
      const who = login;
      const subsystemIds = sub ? [sub.id] : state.proxySubsystems.map((g) => g.subsystem_id).filter((id) => id !== 1);
      proxies = proxies.filter((p) => subsystemIds.some((id) => proxyGrantedToSubsystem(state, p.proxy_id, id)) && ownerMayUseProxy(call.ctx, state, p, who));
    }
    call.reply.resultSet({
      columns: [int('proxy_id'), sysname('name'), sysname('credential_identity'), tinyint('enabled'), nvarchar('description', 1024), varbinary('user_sid', 85), int('credential_id'), int('credential_identity_exists')],
      rows: proxies.sort((a, b) => a.proxy_id - b.proxy_id).map((p) => {
        const cred = state.credentials.find((c) => c.credential_id === p.credential_id);
        return privileged
          ? [p.proxy_id, p.name, cred?.credential_identity ?? null, p.enabled, p.description, Buffer.from(p.user_sid, 'hex'), p.credential_id, cred ? 1 : 0]
          : [p.proxy_id, p.name, null, p.enabled, p.description, null, p.credential_id, null];
      }),
    });
  },
});

export const spEnumLoginForProxy: ProcDef = msdbProc({
  name: 'sp_enum_login_for_proxy',
  writes: false,
  roles: SYSADMIN_ONLY,
  params: [
    { name: 'name', type: 'nvarchar', length: 256, default: null },
    { name: 'proxy_id', type: 'int', default: null },
    { name: 'proxy_name', type: 'nvarchar', length: 128, default: null },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const one = proxyOf(call, false);
    const who = name(call, 'name');
    const rows = state.proxyLogins
      .filter((g) => (one === null || g.proxy_id === one.proxy_id) && (who === null || g.name.toLowerCase() === who.toLowerCase()))
      .sort((a, b) => a.proxy_id - b.proxy_id || a.name.localeCompare(b.name))
      .map((g) => [g.proxy_id, state.proxies.find((p) => p.proxy_id === g.proxy_id)?.name ?? null, g.name, g.flags]);
    call.reply.resultSet({ columns: [int('proxy_id'), sysname('proxy_name'), sysname('name'), int('flags')], rows });
  },
});
