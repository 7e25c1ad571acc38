/**
 * sp_verify_proxy_permissions: a proxy may run a step when it is granted to the step's subsystem and the
 * job owner may use it (owner is sysadmin, or the owner / one of its msdb or server roles was granted).
 */
import type { EngineContext } from '../context.js';
import type { Proxy, State } from '../state/model.js';

export function ownerRoles(ctx: EngineContext, owner: string): ReadonlySet<string> {
  return ctx.logins.get(owner.toLowerCase())?.roles ?? new Set();
}

export function ownerIsSysadmin(ctx: EngineContext, owner: string): boolean {
  if (owner.toLowerCase() === 'sa') return true;
  return [...ownerRoles(ctx, owner)].some((r) => r.toLowerCase() === 'sysadmin');
}

export function proxyGrantedToSubsystem(state: State, proxyId: number, subsystemId: number): boolean {
  return state.proxySubsystems.some((g) => g.proxy_id === proxyId && g.subsystem_id === subsystemId);
}

/** Agent roles nest, so a grant to SQLAgentUserRole covers Reader and Operator members too. */
function effectiveRoles(roles: ReadonlySet<string>): Set<string> {
  const out = new Set([...roles].map((r) => r.toLowerCase()));
  if (out.has('sqlagentoperatorrole')) out.add('sqlagentreaderrole');
  if (out.has('sqlagentreaderrole')) out.add('sqlagentuserrole');
  return out;
}

export function ownerMayUseProxy(ctx: EngineContext, state: State, proxy: Proxy, owner: string): boolean {
  if (ownerIsSysadmin(ctx, owner)) return true;
  const roles = effectiveRoles(ownerRoles(ctx, owner));
  return state.proxyLogins.some(
    (g) => g.proxy_id === proxy.proxy_id && ((g.flags === 0 && g.name.toLowerCase() === owner.toLowerCase()) || (g.flags !== 0 && roles.has(g.name.toLowerCase()))),
  );
}
