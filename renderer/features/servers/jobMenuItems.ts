/**
 * Extra context-menu entries of a job node in the Servers pane (SQL Server Agent → Jobs → a job). The Servers
 * pane renders, after its own entries, every provider listed in JOB_MENU_ITEMS for the job right-clicked.
 * Features add their commands (Start Job at Step..., Stop Job, View History) by adding a provider here.
 */
import type { AgentJob, ServerListEntry } from '../../../shared/model/server.js';
import type { AppStore } from '../../store/createAppStore.js';
import type { MenuEntry } from '../../components/menu-entry.js';
import { jobRunMenuItems } from '../runs/jobMenu.js';

export interface JobMenuContext {
  readonly store: AppStore;
  readonly server: ServerListEntry;
  readonly job: AgentJob;
  /** Re-reads the server's Jobs node (call after starting/stopping a job so status and outcome update). */
  readonly refreshJobs: () => void;
}

export type JobMenuProvider = (ctx: JobMenuContext) => readonly MenuEntry[];

export const JOB_MENU_ITEMS: readonly JobMenuProvider[] = [jobRunMenuItems];
