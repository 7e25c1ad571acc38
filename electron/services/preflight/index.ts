export { PreflightService, type PreflightServiceOptions } from './preflight-service.js';
export type { AssignmentSource, ProjectAssignment } from './assignments.js';
export type { ServersApi } from './server-facts.js';
