/** SQL Server Agent job actions on registered servers: start (at a step), stop, status, history, wait for the outcome. */
export { JobsService, type JobRef, type PoolSource, type WaitOptions, type WaitResult } from './jobs-service.js';
