#!/usr/bin/env node
// Launcher for the SQL Server Agent emulator; the code is built into out/ by `npm run build`.
import { existsSync } from 'node:fs';

const cli = new URL('../out/emulator/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('ssisd-emulator: out/emulator/cli.js is missing; run `npm run build` first.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exit(await main(process.argv.slice(2)));
