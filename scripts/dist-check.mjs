// `npm run dist:check` — what `npm run dist` would ship, checked offline (no Electron download):
//  1. electron-builder.yml is loaded and validated by electron-builder's own code (app-builder-lib), and the
//     things this app relies on are there: app id, product name, the installer targets per OS, the file
//     associations, the icons (generated now by scripts/icons.mjs) in the sizes each OS needs.
//  2. The unpacked app layout is built in release/check/: resources/app.asar made with @electron/asar from the
//     file list electron-builder would use (the `files` patterns plus its default exclusions, and the
//     production dependencies as its own node-module collector lists them), and resources/samples.
// Prints one summary line; exits 1 with the problems otherwise. SSISD_OUT_DIR packs a private build as out/.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIcons, ICO_SIZES, LINUX_SIZES, ICNS_TYPES } from './icons.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outDir = process.env.SSISD_OUT_DIR ?? 'out';
const checkDir = join(root, 'release', 'check');
const started = Date.now();
const problems = [];

// ---- 1. configuration ----

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { excludedExts, excludedNames } = require('app-builder-lib/out/fileMatcher.js');
const { DebugLogger } = require('builder-util');
const { Minimatch } = require('minimatch');

const config = await getConfig(root, null, null);
try {
  await validateConfiguration(config, new DebugLogger(false));
} catch (e) {
  problems.push(`electron-builder.yml is not valid: ${e.message}`);
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const targetsOf = (platform) => (config[platform]?.target ?? []).map((t) => (typeof t === 'string' ? t : t.target).toLowerCase());
const expect = (ok, message) => ok || problems.push(message);
expect(typeof config.appId === 'string' && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(config.appId), 'appId must be a reverse-DNS id');
expect(config.productName === pkg.productName, `productName must be "${pkg.productName}" (package.json)`);
expect(targetsOf('win').join() === 'nsis', 'Windows target must be nsis');
expect(targetsOf('mac').sort().join() === 'dmg,zip', 'macOS targets must be dmg and zip');
expect(targetsOf('linux').sort().join() === 'appimage,deb', 'Linux targets must be AppImage and deb');
const associated = (config.fileAssociations ?? []).map((a) => a.ext).sort();
expect(associated.join() === 'dtproj,sln,slnx', `file associations must be .sln, .slnx and .dtproj (found ${associated.join(', ')})`);
expect(config.asar !== false, 'the app must be packed as app.asar');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

// ---- icons ----

const buildDir = join(root, config.directories?.buildResources ?? 'build');
const iconsScript = join(root, 'scripts', 'icons.mjs');
const iconFiles = ['icon.png', 'icon.ico', 'icon.icns', ...LINUX_SIZES.map((s) => join('icons', `${s}x${s}.png`))];
const iconsFresh = iconFiles.every((f) => existsSync(join(buildDir, f)) && statSync(join(buildDir, f)).mtimeMs >= statSync(iconsScript).mtimeMs);
if (!iconsFresh) writeIcons(buildDir);

function pngSize(buf) {
  return buf.readUInt32BE(0) === 0x89504e47 ? buf.readUInt32BE(16) : -1;
}
const ico = readFileSync(join(root, config.win?.icon ?? 'build/icon.ico'));
const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16] || 256);
expect(ICO_SIZES.every((s) => icoSizes.includes(s)), `icon.ico must hold ${ICO_SIZES.join(', ')} px (has ${icoSizes.join(', ')})`);
const icns = readFileSync(join(root, config.mac?.icon ?? 'build/icon.icns'));
const icnsTypes = [];
for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) icnsTypes.push(icns.toString('ascii', at, at + 4));
expect(icns.toString('ascii', 0, 4) === 'icns' && icns.readUInt32BE(4) === icns.length, 'icon.icns is not a valid ICNS file');
expect(ICNS_TYPES.every(([t]) => icnsTypes.includes(t)), `icon.icns must hold ${ICNS_TYPES.map(([t]) => t).join(', ')}`);
for (const s of LINUX_SIZES) {
  const f = join(root, config.linux?.icon ?? 'build/icons', `${s}x${s}.png`);
  expect(existsSync(f) && pngSize(readFileSync(f)) === s, `Linux icon ${s}x${s}.png is missing or the wrong size`);
}
expect(pngSize(readFileSync(join(buildDir, 'icon.png'))) === 1024, 'build/icon.png must be 1024 px');

// ---- 2. the file list ----

if (!['main/index.js', 'preload/index.cjs', 'renderer/index.html'].every((f) => existsSync(join(root, outDir, f)))) {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) problems.push('the build failed');
}

function walk(dir, base = dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') walk(full, base, out);
    } else if (e.isFile()) out.push(relative(base, full).split(sep).join('/'));
  }
  return out;
}

/** electron-builder's own default exclusions (app-builder-lib/out/fileMatcher.js), applied to every app file. */
const defaultExcludes = [`**/*.{${excludedExts},pdb}`, '**/._*', '**/electron-builder.{yaml,yml,json,json5,toml,ts}', `**/{${excludedNames}}`, `${config.directories?.output ?? 'release'}/**`, `${config.directories?.buildResources ?? 'build'}/**`];
// getConfig normalises `files` to file sets; the main one has no `from` (the app folder).
const patterns = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.from === undefined ? (f.filter ?? []) : []));
const positive = patterns.filter((p) => !p.startsWith('!'));
const negative = [...patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)), ...defaultExcludes];
const compiled = new Map();
const matcher = (g) => compiled.get(g) ?? compiled.set(g, new Minimatch(g, { dot: true })).get(g);
const matches = (file, globs) => globs.some((g) => matcher(g).match(file));

/** [path inside the app, file on disk]: what the patterns can reach; out/ may be a private build (SSISD_OUT_DIR). */
const candidates = [];
for (const top of new Set(positive.map((p) => p.split('/')[0]))) {
  const onDisk = join(root, top === 'out' ? outDir : top);
  if (!existsSync(onDisk)) continue;
  if (statSync(onDisk).isFile()) candidates.push([top, onDisk]);
  else for (const f of walk(onDisk)) candidates.push([`${top}/${f}`, join(onDisk, f)]);
}
const appFiles = candidates.filter(([f]) => matches(f, positive) && !matches(f, negative));

// Production dependencies as electron-builder's collector resolves them (runs `npm ls`, offline).
const { getCollectorByPackageManager, PM } = require('app-builder-lib/out/node-module-collector/index.js');
const { TmpDir } = require('builder-util');
const tmp = new TmpDir('ssisd-dist-check');
const { nodeModules } = await getCollectorByPackageManager(PM.NPM, root, tmp).getNodeModules({ packageName: pkg.name });
await tmp.cleanup();
// What electron-builder's node-module copier leaves out of each package (NodeModuleCopyHelper's excludes).
const moduleExcludes = [...defaultExcludes.slice(0, 4), '**/{test,tests,__tests__,powered-test,example,examples}/**', '**/*.{md,markdown}', '**/.bin/**', '**/*.map'];
const moduleFiles = [];
const dependencyNames = [];
function addModules(list, parent) {
  for (const m of list) {
    const inApp = `${parent}/node_modules/${m.name}`;
    if (parent === '') dependencyNames.push(m.name);
    for (const f of walk(m.dir)) if (!matches(f, moduleExcludes)) moduleFiles.push([`${inApp.replace(/^\//, '')}/${f}`, join(m.dir, f)]);
    if (m.dependencies) addModules(m.dependencies, inApp.replace(/^\//, ''));
  }
}
addModules(nodeModules, '');

// ---- the unpacked layout: release/check/<platform>-unpacked/resources/{app.asar,samples} ----

const unpacked = join(checkDir, `${process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'win' : 'linux'}-unpacked`);
const stage = join(checkDir, 'app');
rmSync(checkDir, { recursive: true, force: true });
for (const [inApp, file] of [...appFiles, ...moduleFiles]) {
  const dest = join(stage, inApp);
  mkdirSync(dirname(dest), { recursive: true });
  // Hard links make the staging copy cheap; a file on another device is copied.
  try {
    linkSync(file, dest);
  } catch {
    copyFileSync(file, dest);
  }
}
const asar = require('@electron/asar');
const asarPath = join(unpacked, 'resources', 'app.asar');
mkdirSync(dirname(asarPath), { recursive: true });
await asar.createPackage(stage, asarPath);
for (const extra of config.extraResources ?? []) {
  const from = join(root, extra.from);
  for (const f of walk(from)) {
    const dest = join(unpacked, 'resources', extra.to, f);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(join(from, f), dest);
  }
}
rmSync(stage, { recursive: true, force: true });

if (problems.length) {
  console.error(`dist:check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `dist:check ok: ${config.appId} "${config.productName}" Electron ${electronVersion}; win ${targetsOf('win')}, mac ${targetsOf('mac')}, linux ${targetsOf('linux')}; ` +
    `${appFiles.length} app files + ${dependencyNames.length} production packages → ${relative(root, asarPath)} (${Math.round(statSync(asarPath).size / 1024)} KiB) in ${Date.now() - started} ms`,
);
