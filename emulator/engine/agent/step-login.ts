/** The login a step's process (or a catalog run) connects back with. */
import type { EngineContext } from '../context.js';

/**
 * The SSISD_SQL_USER / SSISD_SQL_PASSWORD a process gets: a one-time login of this instance, unless whoever
 * started the emulator set SSISD_SQL_USER for its processes (a login that also works on the other servers).
 */
export function stepLogin(ctx: EngineContext, name: string, roles: ReadonlySet<string>): { env: Record<string, string>; release(): void } {
  if (process.env.SSISD_SQL_USER) return { env: {}, release: () => {} };
  const login = ctx.issueLogin(name, roles);
  return { env: { SSISD_SQL_USER: login.user, SSISD_SQL_PASSWORD: login.password }, release: login.release };
}
