/**
 * How DTExec.exe sees a job step's @command: Windows splits a command line into arguments with the
 * CommandLineToArgvW / MSVC runtime rules, and SSMS writes SSIS steps for exactly those rules
 * (`/ISSERVER "\"\SSISDB\F\P\Pkg.dtsx\""`, `/Par "\"$ServerOption::SYNCHRONIZED(Boolean)\"";True`).
 * Rules: blanks separate arguments outside quotes; `"` toggles quoting; inside quotes `""` is one literal
 * quote; n backslashes before a quote become n/2 backslashes, and an odd one makes the quote literal;
 * backslashes anywhere else are literal.
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let arg: string | null = null;
  let quoted = false;
  for (let i = 0; i < line.length; ) {
    const ch = line[i]!;
    if (!quoted && (ch === ' ' || ch === '\t')) {
      if (arg !== null) args.push(arg);
      arg = null;
      i++;
      continue;
    }
    arg ??= '';
    if (ch === '\\') {
      const start = i;
      while (line[i] === '\\') i++;
      const count = i - start;
      if (line[i] !== '"') {
        arg += '\\'.repeat(count);
      } else {
        arg += '\\'.repeat(count >> 1);
        if (count % 2 === 1) {
          arg += '"';
          i++;
        }
      }
      continue;
    }
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        arg += '"';
        i += 2;
      } else {
        quoted = !quoted;
        i++;
      }
      continue;
    }
    arg += ch;
    i++;
  }
  if (arg !== null) args.push(arg);
  return args;
}
