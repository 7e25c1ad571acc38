/**
 * Stands in for emulator/default-engine.ts when cli.test.ts bundles the real CLI entry with esbuild, so
 * the spawned `ssisd-emulator` process runs the protocol test engine.
 */
import { createProtocolEngine } from './protocol-engine.js';

export const createEngine = createProtocolEngine();
