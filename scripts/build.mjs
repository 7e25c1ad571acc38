// Builds what Node and the browser run: esbuild bundles each Node entry into out/, vite builds the renderer.
// Runs on `npm ci` (prepare) so that `npx ssisd` works right after install.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
// SSISD_OUT_DIR (a folder name next to out/) lets a developer build and test a copy without disturbing a
// running out/; the bundles find their siblings relative to themselves.
const outDir = process.env.SSISD_OUT_DIR ?? 'out';

/** [entry source, output file, format] — each built only when its source exists. */
const nodeEntries = [
  ['electron/cli/ssisd.ts', 'cli/ssisd.js', 'esm'],
  ['emulator/cli.ts', 'emulator/cli.js', 'esm'],
  ['emulator/start.ts', 'emulator/start.js', 'esm'],
  ['electron/host/index.ts', 'host/index.js', 'esm'],
  ['electron/main/index.ts', 'main/index.js', 'esm'],
  ['electron/main/preload.ts', 'preload/index.cjs', 'cjs'],
];

// mssql (with tedious and @azure/*) takes ~0.2 s to load, and the app starts without talking to any server: the
// Node bundles get it on first use. Services keep `import sql from 'mssql'`; this module stands in for it and
// requires the real one the first time a member (sql.ConnectionPool, sql.NVarChar...) is read.
const lazyMssql = {
  name: 'lazy-mssql',
  setup(b) {
    b.onResolve({ filter: /^mssql$/ }, () => ({ path: 'mssql', namespace: 'lazy-mssql' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-mssql' }, () => ({
      loader: 'js',
      contents: [
        "import { createRequire } from 'node:module';",
        'let loaded;',
        "const mssql = () => (loaded ??= createRequire(import.meta.url)('mssql'));",
        'export default new Proxy({}, { get: (_, key) => mssql()[key], has: (_, key) => key in mssql() });',
      ].join('\n'),
    }));
  },
};

async function buildNode() {
  for (const [entry, outfile, format] of nodeEntries) {
    if (!existsSync(join(root, entry))) continue;
    await build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: `${outDir}/${outfile}`,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format,
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
      plugins: format === 'esm' ? [lazyMssql] : [],
      banner: format === 'esm' ? { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" } : undefined,
    });
  }
}

async function buildRenderer() {
  const config = join(root, 'renderer/vite.config.ts');
  if (!existsSync(config)) return;
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: config, logLevel: 'warn', build: { outDir: join(root, outDir, 'renderer') } });
}

try {
  if (only.length === 0 || only.includes('node')) await buildNode();
  if (only.length === 0 || only.includes('renderer')) await buildRenderer();
} catch (e) {
  console.error(`build failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
