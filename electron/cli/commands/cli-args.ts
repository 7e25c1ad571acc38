/** A small option parser for the commands: valued options (repeatable), switches and positionals. */
import { UsageError } from '../io.js';

export interface CliArgs {
  readonly positional: readonly string[];
  /** The last value given for an option. */
  value(name: string): string | undefined;
  /** Every value given for a repeatable option, in order. */
  values(name: string): readonly string[];
  has(name: string): boolean;
}

export function parseCliArgs(args: readonly string[], spec: { valued: readonly string[]; switches: readonly string[]; usage: string }): CliArgs {
  const values = new Map<string, string[]>();
  const on = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (spec.valued.includes(a)) {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${spec.usage}`);
      values.set(a, [...(values.get(a) ?? []), v]);
    } else if (spec.switches.includes(a)) on.add(a);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${spec.usage}`);
    else positional.push(a);
  }
  return {
    positional,
    value: (name) => values.get(name)?.at(-1),
    values: (name) => values.get(name) ?? [],
    has: (name) => on.has(name),
  };
}

/** `--timeout SECONDS` of a command that waits with `--wait`: null when not given; a usage error when it is not a positive number or given without --wait. */
export function waitTimeoutSeconds(flags: CliArgs, usage: string): number | null {
  const text = flags.value('--timeout');
  if (text === undefined) return null;
  const seconds = Number(text);
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new UsageError(`--timeout must be a number of seconds above 0\n${usage}`);
  if (!flags.has('--wait')) throw new UsageError(`--timeout only applies with --wait\n${usage}`);
  return seconds;
}
