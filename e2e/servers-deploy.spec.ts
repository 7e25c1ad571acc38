/**
 * Servers and drag-to-deploy in the real UI against two emulated SQL Servers (127.0.0.2 and 127.0.0.3, free
 * ports): add both through the Add Server dialog, drag two child packages from the Solution Explorer onto each,
 * confirm, see success and the jobs in the server tree; change a package on disk and Deploy All updates just
 * that one; Export Package... and Delete of a package in msdb, Execute..., Export... and Delete of a project in SSISDB, then of its folder; a server that is down shows why; a failure shows SQL Server's error; Cancel stops a slow deploy and
 * Retry finishes it. The Add Server and deploy dialogs pass axe-core.
 */
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { defaultDtexecCommand } from '../emulator/default-dtexec.js';
import { startEmulator, type RunningEmulator } from '../emulator/start.js';
import { expect, openApp, test } from './fixtures.js';
import { addServer, expandServerPath, expectNoSeriousViolations, servers, serverNode } from './servers.js';
import { item } from './tree.js';

const SA_PASSWORD = 'E2e!Servers-Deploy1';
let emu: RunningEmulator;

test.beforeAll(async () => {
  emu = await startEmulator({
    servers: [
      { name: 'SRV1', host: '127.0.0.2', port: 0 },
      { name: 'SRV2', host: '127.0.0.3', port: 0 },
    ],
    saPassword: SA_PASSWORD,
    // The sa login may deploy to SSISDB here (a real SSISDB refuses SQL Server logins: error 27123).
    allowSqlLoginsForCatalog: true,
    // SSIS "installed": the Agent lists the SSIS subsystem only when a dtexec is configured (the repo's ssisd exec).
    dtexec: defaultDtexecCommand(),
  });
});

test.afterAll(async () => {
  await emu?.close();
});


/** Selects the packages (Ctrl+click) and drags the first onto the server node, as a user would. */
async function dragPackages(page: Page, names: string[], server: string): Promise<void> {
  await item(page, names[0]!).click();
  for (const n of names.slice(1)) await item(page, n).click({ modifiers: ['Control'] });
  await item(page, names[0]!).dragTo(serverNode(page, server));
}

async function deployToMsdb(page: Page, server: string, opts: { axe?: boolean } = {}): Promise<void> {
  const dialog = page.getByRole('dialog', { name: `Deploy to ${server}` });
  await expect(dialog).toContainText('Packages (2): LoadCustomers.dtsx, LoadOrders.dtsx');
  await expect(dialog).toContainText('LoadBalancing - LoadCustomers; LoadBalancing - LoadOrders');
  await dialog.getByRole('radio', { name: 'SQL Server (msdb)' }).check();
  if (opts.axe) await expectNoSeriousViolations(page);
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  const run = page.getByRole('dialog', { name: 'Deploy', exact: true });
  await expect(run.getByRole('status', { name: 'Deploy summary' })).toContainText('The deployment succeeded.', { timeout: 30_000 });
  await expect(run.getByRole('row', { name: 'Created 2' })).toBeVisible();
  await expect(run.getByRole('progressbar', { name: `${server} progress` })).toHaveAttribute('value', '2');
  await run.getByRole('button', { name: 'Close' }).click();
}

test('two servers added, two packages dragged onto each, jobs in the tree; Deploy All after a change updates it', async ({ page, launch }) => {
  test.setTimeout(120_000);
  const app = await launch();
  await openApp(page, app);
  const [srv1, srv2] = emu.servers;
  await addServer(page, 'SRV1', srv1!.host, srv1!.port, SA_PASSWORD, { axe: true });
  await addServer(page, 'SRV2', srv2!.host, srv2!.port, SA_PASSWORD);

  await dragPackages(page, ['LoadCustomers.dtsx', 'LoadOrders.dtsx'], 'SRV1');
  await deployToMsdb(page, 'SRV1', { axe: true });
  await dragPackages(page, ['LoadCustomers.dtsx', 'LoadOrders.dtsx'], 'SRV2');
  await deployToMsdb(page, 'SRV2');

  const log = page.getByRole('log', { name: 'Output from Deploy' });
  await expect(log).toContainText('SRV2');
  await expect(item(page, 'LoadCustomers.dtsx')).toHaveAttribute('aria-description', 'Servers: SRV1: deployed, SRV2: deployed');
  await expect(item(page, 'Parent.dtsx')).not.toHaveAttribute('aria-description', /Servers:/);

  // The jobs, in the server tree: SRV1 → SQL Server Agent → Jobs.
  await expandServerPath(page, ['SRV1', 'SQL Server Agent', 'Jobs']);
  await expect(serverNode(page, 'LoadBalancing - LoadCustomers')).toHaveAttribute('aria-description', /Idle, never run/);
  await expect(serverNode(page, 'LoadBalancing - LoadOrders')).toBeVisible();

  // A package changed on disk is out of date; Deploy All updates it on both servers and leaves the other alone.
  await appendFile(join(app.projectDir, 'LoadCustomers.dtsx'), '\n<!-- changed -->\n');
  await expect(item(page, 'LoadCustomers.dtsx')).toHaveAttribute('aria-description', 'Servers: SRV1: out of date, SRV2: out of date', { timeout: 15_000 });
  await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Deploy All' }).click();
  const run = page.getByRole('dialog', { name: 'Deploy All', exact: true });
  await expect(run.getByRole('status', { name: 'Deploy summary' })).toContainText('The deployment succeeded.', { timeout: 30_000 });
  await expect(run.getByRole('row', { name: 'Updated 2' })).toBeVisible();
  await expect(run.getByRole('row', { name: 'Unchanged 2' })).toBeVisible();
  await expect(run.getByRole('row', { name: 'Failed 0' })).toBeVisible();
  await run.getByRole('button', { name: 'Close' }).click();
  await expect(item(page, 'LoadCustomers.dtsx')).toHaveAttribute('aria-description', 'Servers: SRV1: deployed, SRV2: deployed');
  await expect(log).toContainText('2 updated, 2 unchanged, 0 failed');

  // Stored Packages → MSDB: Export Package... writes the package as msdb holds it; Delete (the Del key) removes it.
  await expandServerPath(page, ['Stored Packages', 'MSDB']);
  const stored = servers(page).getByRole('treeitem', { name: 'LoadOrders', exact: true }).first();
  await stored.click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: 'Export Package...' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export Package - LoadOrders' });
  const exported = join(app.projectDir, '..', 'LoadOrders from SRV1.dtsx');
  await exportDialog.getByLabel('Package path (.dtsx)').fill(exported);
  await exportDialog.getByRole('button', { name: 'Export' }).click();
  await expect(exportDialog).toHaveCount(0);
  expect(await readFile(exported)).toEqual(await readFile(join(app.projectDir, 'LoadOrders.dtsx')));
  await stored.click();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('dialog', { name: 'Delete Object' });
  await expect(confirm).toContainText("Delete the package 'LoadOrders' from msdb on 'SRV1'?");
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(servers(page).getByRole('treeitem', { name: 'LoadCustomers', exact: true }).first()).toBeVisible();
  await expect(servers(page).getByRole('treeitem', { name: 'LoadOrders', exact: true })).toHaveCount(0);
});

test('the Entry-point package deployed to the SSIS catalog: Execute... runs it to its outcome; Export... writes the project .ispac; Delete removes the project, then its folder', async ({ page, launch }) => {
  test.setTimeout(90_000);
  const app = await launch();
  await openApp(page, app);
  const srv2 = emu.servers[1]!;
  await addServer(page, 'SRV2', srv2.host, srv2.port, SA_PASSWORD);
  await item(page, 'Parent.dtsx').dragTo(serverNode(page, 'SRV2'));
  const dialog = page.getByRole('dialog', { name: 'Deploy to SRV2' });
  await dialog.getByRole('radio', { name: 'SSIS Catalog (SSISDB)' }).check();
  await expect(dialog.getByLabel('Folder')).toHaveValue('LoadBalancing');
  await expect(dialog.getByLabel('Project')).toHaveValue('LoadBalancing');
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  const run = page.getByRole('dialog', { name: 'Deploy', exact: true });
  await expect(run.getByRole('status', { name: 'Deploy summary' })).toContainText('The deployment succeeded.', { timeout: 30_000 });
  await run.getByRole('button', { name: 'Close' }).click();

  await expandServerPath(page, ['SRV2', 'Integration Services Catalogs', 'SSISDB', 'LoadBalancing']);
  const project = servers(page).getByRole('treeitem', { name: 'LoadBalancing', exact: true }).nth(1);
  await expect(project).toHaveAttribute('aria-description', /deployed/);

  // Execute... runs the Entry-point package in the catalog and follows it to its outcome.
  await project.click();
  await page.keyboard.press('ArrowRight');
  await servers(page).getByRole('treeitem', { name: 'Parent.dtsx', exact: true }).click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: 'Execute...' }).click();
  const execute = page.getByRole('dialog', { name: 'Execute Package - Parent.dtsx' });
  await expect(execute).toContainText('\\SSISDB\\LoadBalancing\\LoadBalancing\\Parent.dtsx');
  await execute.getByRole('button', { name: 'OK' }).click();
  const status = execute.getByRole('status', { name: 'Execution status' });
  await expect(status).toHaveAttribute('data-phase', 'finished', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-status', 'succeeded');
  await expect(execute.getByRole('list', { name: 'Execution messages' })).toContainText('Parent');
  await execute.getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Show output from:').selectOption('SSIS Catalog');
  await expect(page.getByRole('log', { name: 'Output from SSIS Catalog' })).toContainText('of \\SSISDB\\LoadBalancing\\LoadBalancing\\Parent.dtsx: Succeeded.');
  await project.click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: 'Export...' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export Project - LoadBalancing' });
  const exported = join(app.projectDir, '..', 'LoadBalancing from SRV2.ispac');
  await exportDialog.getByLabel('Project path (.ispac)').fill(exported);
  await exportDialog.getByRole('button', { name: 'Export' }).click();
  await expect(exportDialog).toHaveCount(0);
  const ispac = await readFile(exported);
  expect(ispac.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(ispac.includes(Buffer.from('@Project.manifest'))).toBe(true);
  await project.click();
  await page.keyboard.press('Delete');
  const confirm = page.getByRole('dialog', { name: 'Delete Object' });
  await expect(confirm).toContainText("Delete the project 'LoadBalancing' in the folder 'LoadBalancing' from SSISDB on 'SRV2'?");
  await confirm.getByRole('button', { name: 'Delete' }).click();
  const folder = servers(page).getByRole('treeitem', { name: 'LoadBalancing', exact: true });
  await expect(folder).toHaveCount(1);
  // The emptied folder goes too (Delete on a folder that still held a project would show SSISDB's refusal).
  await folder.click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: 'Delete' }).click();
  await expect(confirm).toContainText("Delete the folder 'LoadBalancing' from SSISDB on 'SRV2'?");
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(folder).toHaveCount(0);
  await page.getByLabel('Show output from:').selectOption('Servers');
  const output = page.getByRole('log', { name: 'Output from Servers' });
  await expect(output).toContainText("Project 'LoadBalancing' deleted from the SSISDB folder 'LoadBalancing'.");
  await expect(output).toContainText("Folder 'LoadBalancing' deleted from SSISDB.");
});

test('a server that is down shows why, and the app stays usable', async ({ page, app }) => {
  void app;
  // A port that was free a moment ago: nothing listens there now.
  const gone = await startEmulator({ servers: [{ name: 'GONE', host: '127.0.0.4', port: 0 }], saPassword: SA_PASSWORD });
  const port = gone.servers[0]!.port;
  await gone.close();
  await page.getByRole('button', { name: 'Add Server...' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Server' });
  await dialog.getByLabel('Display name').fill('DOWN');
  await dialog.getByLabel('Server name').fill('127.0.0.4');
  await dialog.getByLabel('Port').fill(String(port));
  await dialog.getByLabel('Login').fill('sa');
  await dialog.getByLabel('Password', { exact: true }).fill(SA_PASSWORD);
  await dialog.getByRole('button', { name: 'Test Connection' }).click();
  await expect(dialog.getByRole('alert')).toContainText('127.0.0.4');
  await dialog.getByRole('button', { name: 'OK' }).click();
  const down = serverNode(page, 'DOWN');
  await expect(down).toHaveAttribute('data-status', 'error');
  await expect(down).toHaveAttribute('aria-description', /Error: .*127\.0\.0\.4/);
  await expect(down.getByRole('img', { name: /^Error:/ })).toBeVisible();
  // Still usable: the Solution Explorer answers and the server's menu offers Connect again.
  await item(page, 'LoadOrders.dtsx').click();
  await expect(item(page, 'LoadOrders.dtsx')).toHaveAttribute('aria-selected', 'true');
  await down.click({ button: 'right' });
  await expect(page.getByRole('menu', { name: 'DOWN context menu' }).getByRole('menuitem', { name: 'Connect' })).toBeVisible();
});

test('a failure shows SQL Server error number and message, offers Retry, and leaves no job behind', async ({ page, app }) => {
  void app;
  const [srv1] = emu.servers;
  await addServer(page, 'SRV1', srv1!.host, srv1!.port, SA_PASSWORD);
  await item(page, 'LoadProducts.dtsx').click();
  await item(page, 'LoadProducts.dtsx').dragTo(serverNode(page, 'SRV1'));
  const dialog = page.getByRole('dialog', { name: 'Deploy to SRV1' });
  await dialog.getByRole('radio', { name: 'SQL Server (msdb)' }).check();
  await dialog.getByLabel('Owner').fill('no_such_login');
  await dialog.getByRole('button', { name: 'Deploy' }).click();
  const run = page.getByRole('dialog', { name: 'Deploy', exact: true });
  await expect(run.getByRole('status', { name: 'Deploy summary' })).toContainText('The deployment finished with errors.', { timeout: 30_000 });
  await expect(run.getByRole('listitem', { name: 'SRV1' }).getByRole('alert')).toContainText(/LoadProducts\.dtsx: .*'@owner_login_name' is invalid.*14234/);
  await expect(run.getByRole('button', { name: 'Retry' })).toBeVisible();
  await run.getByRole('button', { name: 'Close' }).click();
  await expect(item(page, 'LoadProducts.dtsx')).toHaveAttribute('aria-description', 'Servers: SRV1: failed');
  await expandServerPath(page, ['SRV1', 'SQL Server Agent', 'Jobs']);
  await expect(serverNode(page, 'LoadBalancing - LoadProducts')).toHaveCount(0);
});

test('Cancel stops a slow deploy: the summary says cancelled and Retry finishes the rest', async ({ page, app }) => {
  void app;
  test.setTimeout(120_000);
  // Every request to this server waits, so there is time to cancel between packages.
  const slow = await startEmulator({ servers: [{ name: 'SLOW', host: '127.0.0.5', port: 0 }], saPassword: SA_PASSWORD, dtexec: defaultDtexecCommand(), latencyMs: 150 });
  try {
    await addServer(page, 'SLOW', slow.servers[0]!.host, slow.servers[0]!.port, SA_PASSWORD);
    await item(page, 'LoadCustomers.dtsx').click();
    for (const n of ['LoadOrders.dtsx', 'LoadProducts.dtsx']) await item(page, n).click({ modifiers: ['Control'] });
    await item(page, 'LoadCustomers.dtsx').dragTo(serverNode(page, 'SLOW'));
    const dialog = page.getByRole('dialog', { name: 'Deploy to SLOW' });
    await dialog.getByRole('radio', { name: 'SQL Server (msdb)' }).check();
    await dialog.getByRole('button', { name: 'Deploy' }).click();
    const run = page.getByRole('dialog', { name: 'Deploy', exact: true });
    await run.getByRole('button', { name: 'Cancel' }).click();
    await expect(run.getByRole('status', { name: 'Deploy summary' })).toContainText('The deployment was cancelled.', { timeout: 60_000 });
    await expect(run.getByRole('row', { name: /^Cancelled [1-3]$/ })).toBeVisible();
    await run.getByRole('button', { name: 'Retry' }).click();
    const retry = page.getByRole('dialog', { name: 'Deploy (Retry)', exact: true });
    await expect(retry.getByRole('status', { name: 'Deploy summary' })).toContainText('The deployment succeeded.', { timeout: 60_000 });
    await retry.getByRole('button', { name: 'Close' }).click();
    await expect(item(page, 'LoadProducts.dtsx')).toHaveAttribute('aria-description', 'Servers: SLOW: deployed');
    await expect(item(page, 'LoadCustomers.dtsx')).toHaveAttribute('aria-description', 'Servers: SLOW: deployed');
  } finally {
    await slow.close();
  }
});
