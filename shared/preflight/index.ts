export * from './types.js';
export * from './rules.js';
export * from './package-facts.js';
export * from './connection-string.js';
export * from './versions.js';
export * from './project-input.js';
