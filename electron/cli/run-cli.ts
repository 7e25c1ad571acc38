/** Tests run the CLI in-process: main(argv) with its output captured instead of written to the terminal. */
import type { CliIo } from './io.js';
import { main } from './ssisd.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}
