/** Package runs: the app's RunnerService, `ssisd exec` (dtexec's command line) and the real-dtexec locator. */
export { RunnerService, type RunnerServiceOptions, type RunEmit } from './runner-service.js';
export { runDtexec, type DtexecRunOptions } from './dtexec-command.js';
export { locateDtexec } from './dtexec-locator.js';
export { registeredServerResolver } from './registered-servers.js';
export { SQL_USER_ENV, SQL_PASSWORD_ENV, type ServerResolver } from './sql-connection.js';
