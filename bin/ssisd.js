#!/usr/bin/env node
// Launcher for the ssisd command line; the code is built into out/ by `npm run build` (run by `npm ci`).
import { existsSync } from 'node:fs';

const cli = new URL('../out/cli/ssisd.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('ssisd: out/cli/ssisd.js is missing; run `npm run build` first.');
  process.exit(1);
}
const { main } = await import(cli.href);
// exitCode rather than exit(): lets a large JSON answer drain into a pipe before the process ends.
process.exitCode = await main(process.argv.slice(2));
