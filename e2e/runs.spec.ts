/**
 * Runs and remote jobs in the real UI: View History after Start Job at Step (an emulated SQL Server with a
 * job that succeeds and one that fails, registered through the page's own channel), Enable/Disable and Delete on
 * jobs of the Servers pane, Start Without Debugging
 * (Ctrl+F5) to success in the Progress view, and Stop (Shift+F5) cancelling a long run.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import sql from 'mssql';
import type { Page } from '@playwright/test';
import { startEmulator, type RunningEmulator } from '../emulator/start.js';
import { buildPackageXml } from '../shared/runtime/test-packages.js';
import { expect, openApp, test } from './fixtures.js';
import { contextMenu, expand, item } from './tree.js';

const SA_PASSWORD = 'E2e!Runs-1';

/** No serious or critical axe findings inside `selector`. */
async function expectAccessible(page: Page, selector: string): Promise<void> {
  const results = await new AxeBuilder({ page }).include(selector).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Calls a request channel over the page's own WebSocket (same origin and token as the renderer). */
async function invoke(page: Page, channel: string, args: unknown): Promise<{ ok: boolean; error?: { message: string } }> {
  return page.evaluate(
    async ([channel, args]) => {
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
      await new Promise<void>((resolve, reject) => {
        ws.onopen = () => resolve();
        ws.onerror = () => reject(new Error('socket error'));
      });
      const reply = new Promise<{ ok: boolean; error?: { message: string } }>((resolve) => {
        ws.onmessage = (ev) => {
          const frame = JSON.parse(String(ev.data)) as { id?: number; result?: { ok: boolean; error?: { message: string } } };
          if (frame.id === 1 && frame.result) resolve(frame.result);
        };
      });
      ws.send(JSON.stringify({ id: 1, channel, args }));
      const result = await reply;
      ws.close();
      return result;
    },
    [channel, args] as const,
  );
}

async function addJob(pool: sql.ConnectionPool, name: string, steps: readonly [string, string][]): Promise<void> {
  const r = await pool.request().input('job_name', sql.NVarChar(128), name).output('job_id', sql.UniqueIdentifier).execute('msdb.dbo.sp_add_job');
  const jobId = String(r.output.job_id);
  for (const [i, [step, command]] of steps.entries()) {
    await pool
      .request()
      .input('job_id', sql.UniqueIdentifier, jobId)
      .input('step_name', sql.NVarChar(128), step)
      .input('subsystem', sql.NVarChar(40), 'CmdExec')
      .input('command', sql.NVarChar(sql.MAX), command)
      .input('on_success_action', sql.TinyInt, i < steps.length - 1 ? 3 : 1)
      .execute('msdb.dbo.sp_add_jobstep');
  }
  await pool.request().input('job_id', sql.UniqueIdentifier, jobId).input('server_name', sql.NVarChar(128), '(local)').execute('msdb.dbo.sp_add_jobserver');
}

test.describe('remote jobs', () => {
  let emu: RunningEmulator;
  let pool: sql.ConnectionPool;

  test.beforeAll(async () => {
    emu = await startEmulator({ servers: [{ name: 'RUNS1', host: '127.0.0.6' }], saPassword: SA_PASSWORD });
    const s = emu.servers[0]!;
    pool = await new sql.ConnectionPool({ server: s.host, port: s.port, user: 'sa', password: SA_PASSWORD, database: 'msdb', options: { encrypt: false, trustServerCertificate: true } }).connect();
    await addJob(pool, 'Nightly Load', [['Extract', 'echo extracted 42 rows'], ['Publish', 'exit 0']]);
    await addJob(pool, 'Broken Load', [['Fail hard', 'echo cannot open file; exit 5']]);
    // Enable/Disable and Delete use jobs of their own: the tests run in parallel against this one server.
    await addJob(pool, 'Weekly Load', [['Nothing', 'exit 0']]);
    await addJob(pool, 'Retired [old] Load', [['Nothing', 'exit 0']]);
  });

  test.afterAll(async () => {
    await pool?.close();
    await emu?.close();
  });

  async function addServer(page: Page): Promise<void> {
    const s = emu.servers[0]!;
    const added = await invoke(page, 'servers:add', {
      displayName: 'RUNS1', host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true, certificatePem: null, password: SA_PASSWORD,
    });
    expect(added.ok).toBe(true);
  }

  async function jobNode(page: Page, job: string) {
    const servers = page.getByRole('tree', { name: 'Servers' });
    for (const name of ['RUNS1', 'SQL Server Agent', 'Jobs']) {
      const node = servers.getByRole('treeitem', { name, exact: true });
      await expect(node).toBeVisible();
      if ((await node.getAttribute('aria-expanded')) !== 'true') await node.dblclick();
      await expect(node).toHaveAttribute('aria-expanded', 'true');
    }
    const node = servers.getByRole('treeitem', { name: job, exact: true });
    await expect(node).toBeVisible();
    return node;
  }

  test('Start Job at Step says "started", then shows the real outcome; View History shows the job and step rows', async ({ page, app }) => {
    await addServer(page);
    await openApp(page, app);

    // A job that fails: sp_start_job still only says it started; waiting shows the failure.
    await (await jobNode(page, 'Broken Load')).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Start Job at Step...' }).click();
    let dialog = page.getByRole('dialog', { name: "Start Job on 'RUNS1'" });
    await expect(dialog.getByRole('radio', { name: '1 (Fail hard) — start step' })).toBeChecked();
    await expect(dialog.getByRole('checkbox', { name: 'Wait for the outcome' })).toBeChecked();
    await dialog.getByRole('button', { name: 'Start' }).click();
    const live = dialog.getByRole('status', { name: 'Job status' });
    await expect(live).toHaveAttribute('data-outcome', 'failed');
    await expect(live).toContainText('Failed');
    await expect(live).toContainText('The job failed.');
    await expectAccessible(page, '[role="dialog"]');
    await dialog.getByRole('button', { name: 'Close' }).click();
    // The Servers pane was refreshed as the run went on: its job node shows the last outcome.
    await expect(page.getByRole('tree', { name: 'Servers' }).getByRole('treeitem', { name: 'Broken Load', exact: true })).toHaveAttribute('aria-description', /Idle, last run Failed/);

    // A job that succeeds, started at its second step.
    await (await jobNode(page, 'Nightly Load')).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Start Job at Step...' }).click();
    dialog = page.getByRole('dialog', { name: "Start Job on 'RUNS1'" });
    await dialog.getByRole('radio', { name: '2 (Publish)' }).check();
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(dialog.getByRole('status', { name: 'Job status' })).toHaveAttribute('data-outcome', 'succeeded');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const output = page.getByRole('log', { name: 'Output from SQL Server Agent' });
    await page.getByLabel('Show output from:').selectOption('SQL Server Agent');
    await expect(output).toContainText("RUNS1: Job 'Broken Load' started successfully.");
    await expect(output).toContainText("RUNS1: Job 'Broken Load' finished: Failed.");
    await expect(output).toContainText("RUNS1: Job 'Nightly Load' started successfully. (at step 'Publish')");

    await (await jobNode(page, 'Broken Load')).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'View History' }).click();
    const viewer = page.getByRole('dialog', { name: 'Log File Viewer - RUNS1' });
    const table = viewer.getByRole('table', { name: 'Job history of Broken Load' });
    const rows = table.getByRole('row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(1)).toContainText('Failed');
    await expect(rows.nth(1)).toContainText("Job 'Broken Load'");
    await expect(rows.nth(2)).toContainText('Step 1 (Fail hard)');
    await rows.nth(2).click();
    await expect(viewer.getByRole('region', { name: 'Selected row details' })).toContainText('cannot open file');
    await expect(viewer.getByRole('region', { name: 'Selected row details' })).toContainText('Process Exit Code 5.  The step failed.');
    await expectAccessible(page, '[role="dialog"]');
  });

  test('Disable and Enable change the job on the server; Delete (the Del key) asks, then removes it', async ({ page, app }) => {
    await addServer(page);
    await openApp(page, app);
    const enabledOnServer = async (name: string) =>
      (await pool.request().input('name', sql.NVarChar(128), name).query<{ enabled: number }>('SELECT enabled FROM msdb.dbo.sysjobs WHERE name = @name')).recordset.map((r) => r.enabled);
    const servers = page.getByRole('tree', { name: 'Servers' });

    await (await jobNode(page, 'Weekly Load')).click({ button: 'right' });
    await expect(page.getByRole('menu').getByRole('menuitem', { name: 'Enable' })).toHaveAttribute('aria-disabled', 'true');
    await page.getByRole('menu').getByRole('menuitem', { name: 'Disable' }).click();
    await expect(servers.getByRole('treeitem', { name: 'Weekly Load', exact: true })).toHaveAttribute('aria-description', /^Disabled, /);
    expect(await enabledOnServer('Weekly Load')).toEqual([0]);
    await (await jobNode(page, 'Weekly Load')).click({ button: 'right' });
    await page.getByRole('menu').getByRole('menuitem', { name: 'Enable' }).click();
    await expect(servers.getByRole('treeitem', { name: 'Weekly Load', exact: true })).not.toHaveAttribute('aria-description', /Disabled/);
    expect(await enabledOnServer('Weekly Load')).toEqual([1]);

    await (await jobNode(page, 'Retired [old] Load')).click();
    await page.keyboard.press('Delete');
    const dialog = page.getByRole('dialog', { name: 'Delete Object' });
    await expect(dialog).toContainText("Delete the job 'Retired [old] Load' on 'RUNS1'?");
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(servers.getByRole('treeitem', { name: 'Retired [old] Load', exact: true })).toHaveCount(0);
    expect(await enabledOnServer('Retired [old] Load')).toEqual([]);
    await page.getByLabel('Show output from:').selectOption('SQL Server Agent');
    const output = page.getByRole('log', { name: 'Output from SQL Server Agent' });
    await expect(output).toContainText("RUNS1: Job 'Weekly Load' disabled.");
    await expect(output).toContainText("RUNS1: Job 'Retired [old] Load' and its history deleted.");
  });
});

test.describe('package runs', () => {
  let emu: RunningEmulator;

  test.beforeAll(async () => {
    emu = await startEmulator({ servers: [{ name: 'WAREHOUSE', host: '127.0.0.7' }], saPassword: SA_PASSWORD });
  });

  test.afterAll(async () => {
    await emu?.close();
  });

  test('Ctrl+F5 on the sample\'s parent (Set as StartUp Object) shows the Progress view to success', async ({ page, app }) => {
    const s = emu.servers[0]!;
    // The sample's Warehouse connection says Data Source=localhost: a server registered under that name stands in for it.
    const added = await invoke(page, 'servers:add', {
      displayName: 'localhost', host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true, certificatePem: null, password: SA_PASSWORD,
    });
    expect(added.ok).toBe(true);
    await openApp(page, app);
    await expand(page, 'SSIS Packages');
    await (await contextMenu(page, /^Parent(\.dtsx)?$/)).getByRole('menuitem', { name: 'Set as StartUp Object' }).click();
    // Visual Studio shows the StartUp object in bold once the .dtproj.user file says so.
    await expect(item(page, /^Parent(\.dtsx)?$/).locator('.label.startup')).toBeVisible();
    await page.keyboard.press('Control+F5');

    const progress = page.getByRole('region', { name: 'Progress' });
    await expect(progress.getByRole('status', { name: 'Run status' })).toHaveText('Succeeded (exit code 0)', { timeout: 30_000 });
    const tree = progress.getByRole('tree', { name: 'Progress: Parent.dtsx' });
    const root = tree.getByRole('treeitem').first();
    await expect(root).toHaveAttribute('data-state', 'success');
    for (const task of ['Run LoadCustomers', 'Run LoadOrders', 'Run LoadProducts']) {
      await expect(tree.getByRole('treeitem', { name: new RegExp(`^${task}`) })).toHaveAttribute('data-state', 'success');
    }
    await expect(root).toContainText('Elapsed time:');
    await expectAccessible(page, '.progress-view');
    const output = page.getByRole('log', { name: 'Output from Debug' });
    await expect(output).toContainText('------ Start Without Debugging: Parent.dtsx ------');
    await expect(output).toContainText('Parent.dtsx" starting.');
    await expect(output).toContainText('Parent.dtsx" finished: Success.');
    await expect(output).toContainText('Package execution completed: Success (exit code 0).');
  });

  test('Stop (Shift+F5) cancels a long run', async ({ page, launch }) => {
    const app = await launch({
      prepare: async (dir) => {
        // LoadOrders becomes a package that waits 60 s in an Execute Process Task.
        const xml = buildPackageXml({ name: 'LoadOrders', children: [{ name: 'Wait a minute', type: 'Microsoft.ExecuteProcess', data: '<ExecuteProcessData Executable="/bin/sleep" Arguments="60" />' }] });
        await writeFile(join(dir, 'LoadBalancing', 'LoadBalancing', 'LoadOrders.dtsx'), xml);
      },
    });
    await openApp(page, app);
    await expand(page, 'SSIS Packages');
    await (await contextMenu(page, /^LoadOrders(\.dtsx)?$/)).getByRole('menuitem', { name: 'Execute Package' }).click();

    const progress = page.getByRole('region', { name: 'Progress' });
    const status = progress.getByRole('status', { name: 'Run status' });
    await expect(progress.getByRole('treeitem', { name: /^Wait a minute/ })).toHaveAttribute('data-state', 'running');
    await expect(status).toHaveText('Running');
    const started = Date.now();
    await page.keyboard.press('Shift+F5');
    await expect(status).toHaveText('Canceled (exit code 3)');
    expect(Date.now() - started).toBeLessThan(15_000);
    await expect(page.getByRole('button', { name: 'Start Without Debugging' })).toBeEnabled();
    await expect(page.getByRole('log', { name: 'Output from Debug' })).toContainText('Package execution completed: Canceled (exit code 3).');
  });
});
