/** sp_enum_sqlagent_subsystems: the subsystems a step may name (SSIS only with dtexec configured). */
import { int, nvarchar } from '../core/columns.js';
import type { ProcDef } from '../core/procedure.js';
import { AGENT_ROLES, msdbProc } from './registry-helpers.js';
import { subsystemFiles, subsystems } from './subsystems.js';

export const spEnumSqlagentSubsystems: ProcDef = msdbProc({
  name: 'sp_enum_sqlagent_subsystems',
  writes: false,
  roles: AGENT_ROLES,
  params: [],
  run(call) {
    const dtexec = call.ctx.options.dtexec;
    call.reply.resultSet({
      columns: [
        nvarchar('subsystem', 40), nvarchar('description', 512), nvarchar('subsystem_dll', 255), nvarchar('agent_exe', 255),
        nvarchar('start_entry_point', 30), nvarchar('event_entry_point', 30), nvarchar('stop_entry_point', 30), int('max_worker_threads'), int('subsystem_id'),
      ],
      rows: subsystems(dtexec != null).map((s) => {
        const f = subsystemFiles(s, dtexec);
        return [s.name, s.description, f.dll, f.exe, s.id === 1 ? null : `${s.name}Start`, s.id === 1 ? null : `${s.name}Event`, s.id === 1 ? null : `${s.name}Stop`, s.id === 1 ? 0 : 100, s.id];
      }),
    });
  },
});
