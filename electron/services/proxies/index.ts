export { ProxiesService, type PoolSource } from './proxies-service.js';
export { createProxy, validateNewProxy, CREATE_CREDENTIAL_SQL, SSIS_SUBSYSTEM_ID, type NewProxy } from './create-proxy.js';
export { ssisProxies } from './list-proxies.js';
