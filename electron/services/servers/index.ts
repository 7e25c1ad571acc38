/** The Servers pane's Node side: registrations, secrets, connections, Test Connection and the server tree. */
export { ServersService, type LocalEmulatorEndpoint, type ServersServiceOptions } from './servers-service.js';
export { DEFAULT_TIMEOUTS, type ConnectionTimeouts } from './connection-config.js';
export { toServerError, sqlErrorNumber } from './sql-errors.js';
export { agentDateTime, agentDurationSeconds, jobOutcome, executionStatus } from './agent-codes.js';
