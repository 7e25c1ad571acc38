/**
 * Remote runs on registered servers: SQL Server Agent job actions (start at a step, stop, status, history, wait
 * for the outcome, enable/disable, delete) and package executions in the SSIS catalog.
 */
export { JobsService, type JobRef, type PoolSource, type WaitOptions, type WaitResult } from './jobs-service.js';
export { CatalogExecutions } from './catalog-executions.js';
