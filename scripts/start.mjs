// `npm start [-- <path to .sln, .slnx or .dtproj>] [--port N] [--no-emulators]`
// Builds when out/ is missing or older than the sources, starts two local emulated SQL Servers (unless
// --no-emulators or Tools → "Start Local Emulators with npm start" is off) and hands them to the app,
// which registers them in the Servers pane for this session; then opens the Electron window — or, where
// Electron's binary is not installed, serves the same UI in the browser (out/host/index.js) and says so.
import { randomBytes } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = ['shared', 'electron', 'renderer', 'emulator'];
// SSISD_OUT_DIR: run a private build (scripts/build.mjs honours the same variable).
const OUT = process.env.SSISD_OUT_DIR ?? 'out';
const OUTPUTS = ['host/index.js', 'main/index.js', 'preload/index.cjs', 'renderer/index.html'].map((f) => `${OUT}/${f}`);

/** Newest modification time of the sources (tests excluded: they are not bundled). */
function newestSource(dir, newest = 0) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return newest;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) newest = newestSource(full, newest);
    else if (/\.(ts|tsx|css|html|json)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  let oldest = Infinity;
  for (const out of OUTPUTS) {
    const file = join(root, out);
    if (!existsSync(file)) return true;
    oldest = Math.min(oldest, statSync(file).mtimeMs);
  }
  const newest = Math.max(...SOURCE_DIRS.map((d) => newestSource(join(root, d))), statSync(join(root, 'package.json')).mtimeMs);
  return newest > oldest;
}

/** The Electron binary named by node_modules/electron/path.txt, if it is really there (never require('electron'): it would try to download). */
function electronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pkg = join(root, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const bin = override ? join(override, rel) : join(pkg, 'dist', rel);
    return rel && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** npm runs scripts from the package folder; a relative path means the folder the user typed it in. */
function userArgs(argv) {
  const base = process.env.INIT_CWD || process.cwd();
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') {
      out.push(arg, argv[++i] ?? '');
    } else if (arg === '--no-emulator') {
      out.push('--no-emulators');
    } else if (arg.startsWith('-')) {
      out.push(arg);
    } else {
      out.push(isAbsolute(arg) ? arg : resolve(base, arg));
    }
  }
  return out;
}

/** The app's user-data folder, as electron/app/user-data.ts computes it (this script runs before any bundle). */
function userDataDir() {
  if (process.env.SSISD_USER_DATA) return process.env.SSISD_USER_DATA;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'SSIS Designer');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'SSIS Designer');
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'SSIS Designer');
}

/** Tools → "Start Local Emulators with npm start" (settings.json; on unless turned off). */
function emulatorsWanted() {
  try {
    return JSON.parse(readFileSync(join(userDataDir(), 'settings.json'), 'utf8')).startLocalEmulators !== false;
  } catch {
    return true;
  }
}

/**
 * Two emulated SQL Servers on 127.0.0.2 and 127.0.0.3 (free ports), when the emulator is built. The sa password
 * is $SSISD_EMULATOR_SA_PASSWORD or a fresh random one: it goes to the app on its standard input (see
 * electron/app/local-emulators.ts) and is never printed or written.
 */
async function startEmulators() {
  const entry = join(root, OUT, 'emulator', 'start.js');
  if (!existsSync(entry)) return null;
  try {
    const { startEmulator, defaultDtexecCommand } = await import(pathToFileURL(entry).href);
    const saPassword = process.env.SSISD_EMULATOR_SA_PASSWORD || `${randomBytes(18).toString('base64url')}!a1`;
    const emulator = await startEmulator({
      saPassword,
      // SSIS job steps run the child package through this repository's `ssisd exec`, as the Agent runs DTExec.
      dtexec: defaultDtexecCommand?.() ?? null,
      servers: [
        { name: 'SRV1', host: '127.0.0.2', port: 0 },
        { name: 'SRV2', host: '127.0.0.3', port: 0 },
      ],
    });
    for (const s of emulator.servers) console.log(`Emulated SQL Server ${s.name} is listening at ${s.host},${s.port} (login sa; registered in the Servers pane for this session)`);
    emulator.handoff = JSON.stringify({ password: saPassword, servers: emulator.servers.map((s) => ({ name: s.name, host: s.host, port: s.port })) });
    return emulator;
  } catch (e) {
    console.error(`The emulated SQL Servers could not start (${e instanceof Error ? e.message : String(e)}); continuing without them.`);
    return null;
  }
}

const args = userArgs(process.argv.slice(2));

// SSISD_SKIP_BUILD=1: the end-to-end tests start the app right after `npm run build` and must not rebuild under
// other running tests.
if (process.env.SSISD_SKIP_BUILD !== '1' && buildIsStale()) {
  console.error('Building SSIS Designer (out/ is missing or older than the sources)...');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(built.status ?? 1);
  }
}

// The emulators start while the app boots (the slower of the two sets the start-up time, not their sum).
const wantEmulators = !args.includes('--no-emulators') && emulatorsWanted();
const emulatorStarting = wantEmulators ? startEmulators() : Promise.resolve(null);
const electron = electronBinary();
const env = { ...process.env };
delete env.SSISD_LOCAL_EMULATORS_STDIN;
if (wantEmulators) env.SSISD_LOCAL_EMULATORS_STDIN = '1';
const stdio = [wantEmulators ? 'pipe' : 'ignore', 'pipe', 'inherit'];
let child;
if (electron) {
  delete env.ELECTRON_RUN_AS_NODE;
  child = spawn(electron, [join(root, OUT, 'main', 'index.js'), ...args.filter((a) => a !== '--no-emulators')], { cwd: root, stdio, env });
} else {
  console.log('Electron is not installed on this machine; serving SSIS Designer in your browser instead.');
  child = spawn(process.execPath, [join(root, OUT, 'host', 'index.js'), ...args], { cwd: root, stdio, env });
}
child.stdin?.on('error', () => {});
const handedOver = emulatorStarting.then((emulator) => {
  child.stdin?.end(`${emulator ? emulator.handoff : '{}'}\n`);
  return emulator;
});
// The app's lines pass through; its address waits for the emulators' lines, so the output reads in order.
createInterface({ input: child.stdout }).on('line', (line) => {
  if (line.startsWith('SSIS Designer is running at ')) void handedOver.then(() => console.log(line));
  else console.log(line);
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', async (code, signal) => {
  const emulator = await emulatorStarting;
  if (emulator) await emulator.close().catch(() => {});
  process.exit(code ?? (signal ? 0 : 1));
});
