/** Deployment: assignments (sidecar next to the .dtproj), deploy runs to many servers, Agent jobs, Export to msdb. */
export { DeployService, type DeployServiceOptions } from './deploy-service.js';
export type { IspacBuilder } from './deploy-run.js';
export { sidecarPathFor } from './sidecar.js';
