/** Command line of the browser-mode host: `[path-to-sln|slnx|dtproj] [--port N] [--no-emulators]`. */

export interface HostArgs {
  /** The solution, .slnx or .dtproj to open; null means the bundled sample. */
  readonly path: string | null;
  /** 0 picks a free port. */
  readonly port: number;
  /** Accepted for symmetry with `npm start`, which starts the emulators; the host itself starts none. */
  readonly emulators: boolean;
}

export class ArgsError extends Error {}

export function parseHostArgs(argv: readonly string[]): HostArgs {
  let path: string | null = null;
  let port = 0;
  let emulators = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
        throw new ArgsError(`--port needs a TCP port number (0-65535), got ${value === undefined ? 'nothing' : `'${value}'`}`);
      }
      port = Number(value);
    } else if (arg === '--no-emulators') {
      emulators = false;
    } else if (arg.startsWith('--')) {
      throw new ArgsError(`unknown option ${arg} (usage: [path to .sln, .slnx or .dtproj] [--port N] [--no-emulators])`);
    } else if (path === null) {
      path = arg;
    } else {
      throw new ArgsError(`only one solution path can be opened, got '${path}' and '${arg}'`);
    }
  }
  return { path, port, emulators };
}
