export { ProxiesService, type PoolSource } from './proxies-service.js';
export type { NewProxy } from './create-proxy.js';
