/**
 * Windows command-line splitting and quoting (the rules of CommandLineToArgvW / the MSVC runtime), because a
 * job step's @command is handed to DTExec.exe as one string and dtexec sees what these rules produce.
 */

/** Splits a command line into arguments: quotes group, `\"` is a literal quote, `""` inside quotes is one quote. */
export function splitWindowsArgs(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quoted = false;
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === '\\') {
      let slashes = 0;
      while (line[i] === '\\') {
        slashes++;
        i++;
      }
      inArg = true;
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2 === 1) {
          current += '"';
          i++;
        }
      } else {
        current += '\\'.repeat(slashes);
      }
      continue;
    }
    if (ch === '"') {
      inArg = true;
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i += 2;
        continue;
      }
      quoted = !quoted;
      i++;
      continue;
    }
    if ((ch === ' ' || ch === '\t') && !quoted) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
      i++;
      continue;
    }
    current += ch;
    inArg = true;
    i++;
  }
  if (inArg) args.push(current);
  return args;
}

/**
 * Quotes one argument so that splitWindowsArgs gives it back unchanged: backslashes are doubled only where
 * they precede a quote (or the closing quote), and quotes are escaped.
 */
export function quoteWindowsArg(value: string): string {
  if (value.length > 0 && !/[\s"]/.test(value)) return value;
  let out = '"';
  let slashes = 0;
  for (const ch of value) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(slashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(slashes) + ch;
    }
    slashes = 0;
  }
  return out + '\\'.repeat(slashes * 2) + '"';
}
