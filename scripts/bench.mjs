// `npm run bench`: builds, then reports figures (not assertions): the emulator's (emulator/bench.ts), the
// solution service's (electron/services/solution/bench.ts), and the UI's in Chromium — time to first tree
// paint of the sample and of a generated 2,000-package solution, and scrolling a 10,000-package tree; and the
// deploy service's (electron/services/deploy/bench.ts: 20 packages × 8 emulated servers, in parallel and one
// server at a time, against the built emulator CLI in its own process, as real servers are remote); and the
// runner's (electron/services/runner/bench.ts: engine overhead per task on 1,000-task packages, run:start to
// the first Output line) and, in Chromium, Ctrl+F5 to the first Output line (runs-ui).
// Each bench source is bundled on the fly into out/bench/ and skipped when it does not exist yet.
// Writes bench-results/latest.json.
/* global document, HTMLElement, requestAnimationFrame, window, MutationObserver -- used inside page.evaluate, which runs in the browser */
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE_DIR = join(root, 'samples', 'LoadBalancing');
const CORPUS_DIR = join(root, '..', 'shared', 'corpus');
const CHROMIUM = process.env.SSISD_CHROMIUM ?? '/usr/bin/chromium';
// SSISD_OUT_DIR: bench a private build (scripts/build.mjs and scripts/start.mjs honour the same variable).
const OUT = process.env.SSISD_OUT_DIR ?? 'out';

async function bundle(name, source) {
  const outfile = join(root, OUT, 'bench', `${name}.js`);
  await build({
    absWorkingDir: root,
    ...(source.file ? { entryPoints: [source.file] } : { stdin: { contents: source.code, resolveDir: root, sourcefile: `${name}.ts`, loader: 'ts' } }),
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return import(pathToFileURL(outfile).href);
}

/** CPU time (user + system) a process has used so far, from /proc (Linux; null elsewhere), to 10 ms. */
function processCpuMs(pid) {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/**
 * Starts the built emulator (out/emulator/cli.js) in its own process with one listener per server and
 * resolves with their addresses once each printed "NAME listening on HOST:PORT".
 */
function startEmulatorProcess(o) {
  const args = [join(root, OUT, 'emulator', 'cli.js'), ...o.servers.flatMap((s) => ['--listen', `${s.name}=${s.host}:0`])];
  args.push('--sa-password', o.saPassword, '--dtexec', o.dtexec, '--latency', String(o.latencyMs));
  if (o.allowSqlLoginsForCatalog) args.push('--allow-sql-logins-for-catalog');
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const servers = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = /^(\S+) listening on (\S+):(\d+)$/.exec(l);
      if (!m) return;
      servers.push({ name: m[1], host: m[2], port: Number(m[3]) });
      if (servers.length === o.servers.length) resolve({ servers, cpuMs: () => processCpuMs(child.pid), close: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${stderr}`)));
  });
}

/** Starts the browser-mode host on a solution and resolves with its URL. */
function startHost(solution) {
  const child = spawn(process.execPath, [join(root, OUT, 'host', 'index.js'), solution, '--port', '0', '--no-emulators'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = /^SSIS Designer is running at (\S+)$/.exec(l);
      if (m) resolve({ url: m[1], stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) });
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
  });
}

/** Milliseconds from navigation to the first painted tree row named `firstRow`. */
async function timeToTree(browser, url, firstRow) {
  const page = await browser.newPage();
  const started = performance.now();
  await page.goto(url);
  await page.getByRole('treeitem', { name: firstRow, exact: true }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const ms = performance.now() - started;
  return { page, ms: Math.round(ms) };
}

/** Scrolls the tree from top to bottom in steps, one per animation frame, and records frame intervals. */
async function scrollFrames(page) {
  return page.evaluate(async () => {
    const tree = document.querySelector('[role="tree"]');
    const scroller = tree?.firstElementChild;
    if (!(scroller instanceof HTMLElement)) throw new Error('no scrollable tree');
    const frames = [];
    const step = Math.max(40, Math.floor(scroller.scrollHeight / 300));
    // Frame intervals are measured from a frame: starting the clock mid-frame would add the rest of that frame
    // to the first interval.
    await new Promise((r) => requestAnimationFrame(r));
    let last = performance.now();
    while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 1) {
      scroller.scrollTop += step;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    return frames;
  });
}

async function uiBench() {
  if (!existsSync(join(root, OUT, 'host', 'index.js')) || !existsSync(join(root, OUT, 'renderer', 'index.html'))) return null;
  if (!existsSync(CHROMIUM)) return null;
  const generatorSource = join(root, 'electron', 'services', 'solution', 'generate.ts');
  if (!existsSync(generatorSource)) return null;
  const { generateLargeSample } = await bundle('generate', { file: generatorSource });
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const temp = mkdtempSync(join(tmpdir(), 'ssisd-bench-ui-'));
  const figures = {};
  try {
    for (const [label, count] of [['sample', 0], ['2000', 2000], ['10000', 10000]]) {
      const copy = join(temp, label, 'LoadBalancing');
      cpSync(SAMPLE_DIR, copy, { recursive: true });
      const sln = count ? generateLargeSample(copy, count) : join(copy, 'LoadBalancing.sln');
      const launched = performance.now();
      const host = await startHost(sln);
      try {
        const { page, ms } = await timeToTree(browser, host.url, 'Parent.dtsx');
        figures[`ui_first_tree_paint_${label}_ms`] = ms;
        // What a user waits for: the host starting and opening the solution (it does before serving), then the paint.
        figures[`ui_first_tree_paint_${label}_from_launch_ms`] = Math.round(performance.now() - launched);
        if (count === 10000) {
          const size = await page.evaluate(() => {
            const scroller = document.querySelector('[role="tree"]')?.firstElementChild;
            return scroller ? { width: scroller.clientWidth, height: scroller.clientHeight, scrollHeight: scroller.scrollHeight } : null;
          });
          const frames = await scrollFrames(page);
          const sorted = [...frames].sort((a, b) => a - b);
          // A frame counts as dropped when it took longer than 1.5 refresh intervals (60 Hz).
          figures.ui_scroll_10000_frames = frames.length;
          figures.ui_scroll_10000_dropped_frames = frames.filter((f) => f > 25).length;
          figures.ui_scroll_10000_p95_frame_ms = Math.round((sorted[Math.floor(sorted.length * 0.95)] ?? 0) * 10) / 10;
          figures.ui_scroll_10000_max_frame_ms = Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10;
          // The same scroll over an empty box of the same size: what this machine drops with no work at all,
          // so the figure above can be read against it (a busy 2-core VM drops a frame or two on its own).
          if (size) {
            const control = await browser.newPage();
            await control.setContent(`<div role="tree" aria-label="control"><div style="width:${size.width}px;height:${size.height}px;overflow:auto"><div style="height:${size.scrollHeight}px"></div></div></div>`);
            figures.ui_scroll_control_dropped_frames = (await scrollFrames(control)).filter((f) => f > 25).length;
            await control.close();
          }
        }
        await page.close();
      } finally {
        await host.stop();
      }
    }
  } finally {
    await browser.close();
    rmSync(temp, { recursive: true, force: true });
  }
  return figures;
}

/**
 * Ctrl+F5 in the UI: from the key press to the first Output line ("SSIS package ... starting.") of the sample's
 * Parent.dtsx (set as StartUp object), median of five runs. The run itself may fail (no server): the first line
 * comes first either way.
 */
async function runsUiBench() {
  if (!existsSync(join(root, OUT, 'host', 'index.js')) || !existsSync(join(root, OUT, 'renderer', 'index.html'))) return null;
  if (!existsSync(CHROMIUM)) return null;
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const temp = mkdtempSync(join(tmpdir(), 'ssisd-bench-runs-'));
  try {
    const copy = join(temp, 'LoadBalancing');
    cpSync(SAMPLE_DIR, copy, { recursive: true });
    const host = await startHost(join(copy, 'LoadBalancing.sln'));
    try {
      const { page } = await timeToTree(browser, host.url, 'Parent.dtsx');
      const tree = page.getByRole('tree', { name: 'Solution Explorer' });
      const folder = tree.getByRole('treeitem', { name: 'SSIS Packages', exact: true });
      if ((await folder.getAttribute('aria-expanded')) !== 'true') {
        await folder.click();
        await page.keyboard.press('ArrowRight');
      }
      const parent = tree.getByRole('treeitem', { name: /^Parent(\.dtsx)?$/ });
      await parent.click({ button: 'right' });
      await page.getByRole('menu').getByRole('menuitem', { name: 'Set as StartUp Object' }).click();
      await parent.click();
      // The page notes when the line is added (Visual Studio clears the Output at each run, so watch additions).
      await page.evaluate(() => {
        window.__firstLineAt = null;
        new MutationObserver((records) => {
          if (window.__firstLineAt !== null) return;
          for (const r of records) {
            for (const n of r.addedNodes) {
              if (/SSIS package ".*Parent\.dtsx" starting\./.test(n.textContent ?? '')) window.__firstLineAt = performance.now();
            }
          }
        }).observe(document.body, { childList: true, subtree: true });
      });
      const times = [];
      for (let i = 0; i < 5; i++) {
        const t0 = await page.evaluate(() => ((window.__firstLineAt = null), performance.now()));
        await page.keyboard.press('Control+F5');
        const t1 = await (await page.waitForFunction(() => window.__firstLineAt, undefined, { polling: 5 })).jsonValue();
        times.push(t1 - t0);
        await page.waitForFunction(() => /exit code/.test(document.querySelector('[role="status"][aria-label="Run status"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
      }
      times.sort((a, b) => a - b);
      await page.close();
      return { ui_ctrl_f5_to_first_output_median_ms: Math.round(times[2]), ui_ctrl_f5_to_first_output_max_ms: Math.round(times[4]) };
    } finally {
      await host.stop();
    }
  } finally {
    await browser.close();
    rmSync(temp, { recursive: true, force: true });
  }
}

/** `ssisd solution show --json` as a user runs it (a new Node process each time) on a 2,000-package solution. */
async function cliBench() {
  const generatorSource = join(root, 'electron', 'services', 'solution', 'generate.ts');
  if (!existsSync(generatorSource) || !existsSync(join(root, OUT, 'cli', 'ssisd.js'))) return null;
  const { generateLargeSample } = await bundle('generate', { file: generatorSource });
  const temp = mkdtempSync(join(tmpdir(), 'ssisd-bench-cli-'));
  try {
    const copy = join(temp, 'LoadBalancing');
    cpSync(SAMPLE_DIR, copy, { recursive: true });
    const sln = generateLargeSample(copy, 2000);
    const runs = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const r = spawnSync(process.execPath, [join(root, 'bin', 'ssisd.js'), 'solution', 'show', '--json', sln], { cwd: root, maxBuffer: 64 << 20 });
      if (r.status !== 0) throw new Error(`ssisd solution show failed: ${r.stderr}`);
      runs.push(performance.now() - started);
    }
    runs.sort((a, b) => a - b);
    return { cli_show_json_2000_median_ms: Math.round(runs[2]), cli_show_json_2000_max_ms: Math.round(runs[4]) };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/**
 * A newcomer's first run: `npm start` with no argument (the sample plus two local emulators) until the page in an
 * already-running Chromium is interactive (its ready marker) and the emulators are listed in the Servers pane.
 * Five runs, each with a fresh user-data folder; the median and the worst are reported.
 */
async function firstRunBench() {
  if (!existsSync(join(root, OUT, 'host', 'index.js')) || !existsSync(CHROMIUM)) return null;
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
  const runs = { url: [], ready: [], servers: [] };
  try {
    for (let i = 0; i < 5; i++) {
      const userData = mkdtempSync(join(tmpdir(), 'ssisd-bench-first-run-'));
      const started = performance.now();
      const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, SSISD_SKIP_BUILD: '1', SSISD_USER_DATA: userData },
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      try {
        const url = await new Promise((resolve, reject) => {
          createInterface({ input: child.stdout }).on('line', (l) => {
            const m = /^SSIS Designer is running at (\S+)$/.exec(l);
            if (m) resolve(m[1]);
          });
          child.once('exit', (code) => reject(new Error(`npm start exited ${code}: ${stderr}`)));
        });
        runs.url.push(performance.now() - started);
        const page = await browser.newPage();
        await page.goto(url);
        await page.locator('body[data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
        runs.ready.push(performance.now() - started);
        await page.getByRole('treeitem', { name: /^SRV2 \(local emulator\)/ }).waitFor({ timeout: 60_000 });
        runs.servers.push(performance.now() - started);
        await page.close();
      } finally {
        await new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM'))));
        rmSync(userData, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
  }
  const median = (xs) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
  const max = (xs) => Math.round(Math.max(...xs));
  return {
    first_run_start_to_url_median_ms: median(runs.url),
    first_run_start_to_ready_median_ms: median(runs.ready),
    first_run_start_to_ready_max_ms: max(runs.ready),
    first_run_start_to_emulators_listed_median_ms: median(runs.servers),
    first_run_goal_ms: 2000,
  };
}

const benches = [
  ['solution', async () => {
    const file = join(root, 'electron', 'services', 'solution', 'bench.ts');
    if (!existsSync(file)) return null;
    const { runSolutionBench } = await bundle('solution', { file });
    return runSolutionBench({ corpusDir: CORPUS_DIR, sampleDir: SAMPLE_DIR });
  }],
  ['build', async () => {
    const file = join(root, 'electron', 'services', 'build', 'bench.ts');
    if (!existsSync(file)) return null;
    const { runBuildBench } = await bundle('build', { file });
    return runBuildBench({ corpusDir: CORPUS_DIR, sampleDir: SAMPLE_DIR });
  }],
  ['cli', cliBench],
  ['ui', uiBench],
  ['runs-ui', runsUiBench],
  ['first-run', firstRunBench],
  ['deploy', async () => {
    const file = join(root, 'electron', 'services', 'deploy', 'bench.ts');
    if (!existsSync(file) || !existsSync(join(root, OUT, 'emulator', 'cli.js'))) return null;
    const { runDeployBench } = await bundle('deploy', { file });
    return runDeployBench({ startEmulator: startEmulatorProcess, sampleDir: SAMPLE_DIR });
  }],
  ['runner', async () => {
    const file = join(root, 'electron', 'services', 'runner', 'bench.ts');
    if (!existsSync(file)) return null;
    const { runRunnerBench } = await bundle('runner', { file });
    return runRunnerBench();
  }],
  ['preflight', async () => {
    const file = join(root, 'electron', 'services', 'preflight', 'bench.ts');
    if (!existsSync(file)) return null;
    const { runPreflightBench } = await bundle('preflight', { file });
    return runPreflightBench({ sampleDir: SAMPLE_DIR });
  }],
  ['emulator', async () => {
    const file = join(root, 'emulator', 'bench.ts');
    if (!existsSync(file)) return null;
    const { runEmulatorBench } = await bundle('emulator', { file });
    return runEmulatorBench();
  }],
];

if (process.env.SSISD_SKIP_BUILD !== '1') {
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const only = process.argv.slice(2);
const results = {};
let failed = false;
for (const [name, run] of benches) {
  if (only.length && !only.includes(name)) continue;
  const started = performance.now();
  try {
    const figures = await run();
    if (!figures) {
      console.log(`${name}: skipped (its bench source or build output is not there yet)`);
      continue;
    }
    results[name] = figures;
    console.log(`\n${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    const width = Math.max(...Object.keys(figures).map((k) => k.length));
    for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(width)}  ${value}`);
  } catch (e) {
    failed = true;
    console.error(`${name}: failed: ${e instanceof Error ? e.message : String(e)}`);
    results[name] = { error: e instanceof Error ? e.message : String(e) };
  }
}

mkdirSync(join(root, 'bench-results'), { recursive: true });
const report = { date: new Date().toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, results };
writeFileSync(join(root, 'bench-results', 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nWritten: bench-results/latest.json');
process.exit(failed ? 1 : 0);
