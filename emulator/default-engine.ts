/** The real engine (emulator/engine), loaded by start.ts only when the caller does not pass createEngine. */
export { createEngine } from './engine/index.js';
