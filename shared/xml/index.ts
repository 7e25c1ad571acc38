export * from './types.js';
export { parseXml, XmlError, LineIndex } from './reader.js';
export * from './query.js';
export * from './edit.js';
