export * from './wire.js';
export * from './sql.js';
export { WIRE_MARK, CONSTRAINT_PREFIX } from './xml.js';
