/**
 * Preflight, proxies and wiring in the real UI against an emulated SQL Server: a package with a user-key
 * protection level dropped on the server shows the finding; "New Proxy..." from a finding creates the proxy
 * (and "Run as" picks it); Wire Child Jobs... writes the parent; run in the app, the parent succeeds, and
 * fails on the child that failed (start and wait), which the Topology shows in red. Dialogs pass axe-core.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../emulator/start.js';
import { newPackageXml } from '../shared/formats/dtsx.js';
import { expect, openApp, test } from './fixtures.js';
import { addServer, expandServerPath, expectNoSeriousViolations } from './servers.js';
import { contextMenu, item } from './tree.js';

const SA_PASSWORD = 'E2e!Preflight-1';
let emu: RunningEmulator;
let scratch: string;
let failFlag: string;

test.beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'ssisd-e2e-preflight-'));
  failFlag = join(scratch, 'fail-LoadOrders');
  // Stands where DTExec.exe stands for the Agent: the LoadOrders job fails while the flag file exists.
  const fake = join(scratch, 'fake-dtexec.sh');
  writeFileSync(fake, `#!/bin/sh\ncase "$*" in *LoadOrders*) [ -f '${failFlag}' ] && { echo "LoadOrders failed on purpose"; exit 1; } ;; esac\nexit 0\n`);
  chmodSync(fake, 0o755);
  emu = await startEmulator({ servers: [{ name: 'PRE1', host: '127.0.0.9', port: 0 }], saPassword: SA_PASSWORD, dtexec: fake });
});

test.afterAll(async () => {
  await emu?.close();
  rmSync(scratch, { recursive: true, force: true });
});


test('a user-key package is flagged, a proxy is created from the finding, the parent is wired and fails on its failing child', async ({ page, launch }) => {
  test.setTimeout(180_000);
  const app = await launch({
    prepare: async (dir) => {
      const project = join(dir, 'LoadBalancing', 'LoadBalancing');
      // The parent runs nothing of its own: Wire Child Jobs gives it its tasks.
      writeFileSync(join(project, 'Parent.dtsx'), newPackageXml({ objectName: 'Parent', newGuid: randomUUID, now: new Date() }).text);
      // LoadCustomers saved with Visual Studio's default protection level (the attribute omitted = 1).
      const customers = join(project, 'LoadCustomers.dtsx');
      writeFileSync(customers, readFileSync(customers, 'utf8').replace(/\s+DTS:ProtectionLevel="0"/, ''));
    },
  });
  await openApp(page, app);
  const s = emu.servers[0]!;
  await addServer(page, 'PRE1', s.host, s.port, SA_PASSWORD);

  // Drop the two children on the server and deploy them to msdb.
  await item(page, 'LoadCustomers.dtsx').click();
  await item(page, 'LoadOrders.dtsx').click({ modifiers: ['Control'] });
  await item(page, 'LoadCustomers.dtsx').dragTo(page.getByRole('tree', { name: 'Servers' }).getByRole('treeitem', { name: 'PRE1', exact: true }));
  const drop = page.getByRole('dialog', { name: 'Deploy to PRE1' });
  await drop.getByRole('radio', { name: 'SQL Server (msdb)' }).check();
  await drop.getByRole('button', { name: 'Deploy' }).click();
  const run = page.getByRole('dialog', { name: 'Deploy' });
  await expect(run.getByRole('status', { name: 'Deploy summary' })).toContainText('The deployment succeeded.', { timeout: 30_000 });
  await run.getByRole('button', { name: 'Close' }).click();

  // Preflight: the user-key package is an error for PRE1; Windows authentication without a proxy a warning.
  await page.getByRole('toolbar', { name: 'Main toolbar' }).getByRole('button', { name: 'Preflight Checks' }).click();
  const pane = page.getByRole('region', { name: 'Preflight' });
  const userKey = pane.getByRole('row').filter({ hasText: 'Protection level EncryptSensitiveWithUserKey' });
  await expect(userKey).toContainText('LoadCustomers.dtsx');
  await expect(userKey).toContainText('PRE1');
  const windowsAuth = pane.getByRole('row').filter({ hasText: 'Windows authentication with no proxy' }).filter({ hasText: 'LoadOrders.dtsx' });
  await windowsAuth.getByRole('button', { name: 'New Proxy...' }).click();

  const newProxy = page.getByRole('dialog', { name: 'New Proxy - PRE1' });
  await newProxy.getByLabel('Proxy name', { exact: true }).fill('ETL Proxy');
  await newProxy.getByLabel(/^Identity/).fill('CORP\\svc_etl');
  await newProxy.getByLabel('Password', { exact: true }).fill('Windows!Pw1');
  await expectNoSeriousViolations(page);
  await newProxy.getByRole('button', { name: 'OK' }).click();
  await expect(newProxy).toHaveCount(0);
  // With a usable proxy on the server, the finding now offers to choose it as "Run as".
  const choose = pane.getByRole('row').filter({ hasText: 'Windows authentication with no proxy' }).filter({ hasText: 'LoadOrders.dtsx' });
  await choose.getByRole('button', { name: 'Choose a proxy (Run as)' }).click();
  const runAs = page.getByRole('dialog', { name: 'Run as - LoadOrders.dtsx on PRE1' });
  await expect(runAs.getByLabel('Run as')).toHaveValue('ETL Proxy');
  await runAs.getByRole('button', { name: 'OK' }).click();
  await expect(pane.getByRole('row').filter({ hasText: 'Windows authentication with no proxy' }).filter({ hasText: 'LoadOrders.dtsx' })).toHaveCount(0);

  // Wire Child Jobs... on the parent, start and wait.
  await (await contextMenu(page, 'Parent.dtsx')).getByRole('menuitem', { name: 'Wire Child Jobs...' }).click();
  const wire = page.getByRole('dialog', { name: 'Wire Child Jobs - Parent.dtsx' });
  await expect(wire.getByRole('radio', { name: 'Start and wait' })).toBeChecked();
  await expect(wire.getByRole('list', { name: 'Tasks' })).toContainText('LoadBalancing - LoadOrders on PRE1');
  await expectNoSeriousViolations(page);
  await wire.getByRole('button', { name: 'Wire' }).click();
  await expect(wire).toHaveCount(0);
  expect(readFileSync(join(app.projectDir, 'Parent.dtsx'), 'utf8')).toContain('Microsoft.ExecuteSQLTask');

  // Run the parent in the app: both children succeed.
  await (await contextMenu(page, 'Parent.dtsx')).getByRole('menuitem', { name: 'Execute Package' }).click();
  const status = page.getByRole('region', { name: 'Progress' }).getByRole('status', { name: 'Run status' });
  await expect(status).toContainText('Succeeded', { timeout: 60_000 });

  // A failing child makes the wired parent fail, on that child's task.
  writeFileSync(failFlag, '');
  await page.getByRole('region', { name: 'Progress' }).getByRole('button', { name: 'Close Progress' }).click();
  await (await contextMenu(page, 'Parent.dtsx')).getByRole('menuitem', { name: 'Execute Package' }).click();
  await expect(status).toContainText('Failed', { timeout: 60_000 });
  const failed = page.getByRole('region', { name: 'Progress' }).locator('[data-state="failure"]').filter({ hasText: 'LoadBalancing - LoadOrders on PRE1' });
  await expect(failed.first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Progress' })).toContainText('did not succeed');

  // The Topology tab pictures parent → job → server → child, the failing child in red.
  await pane.getByRole('tab', { name: 'Topology' }).click();
  const topology = pane.getByRole('region', { name: 'Topology of Parent.dtsx' });
  await expect(topology.getByRole('listitem', { name: /^Job LoadBalancing - LoadOrders on PRE1 runs LoadOrders.dtsx: failed$/ })).toHaveAttribute('data-state', 'failure');
  await expect(topology.getByRole('listitem', { name: /^Job LoadBalancing - LoadCustomers on PRE1 runs LoadCustomers.dtsx: succeeded$/ })).toHaveAttribute('data-state', 'success');
});

test('Servers pane: Proxies → New Proxy... creates the credential and the proxy, shown under SSIS Package Execution', async ({ page, launch }) => {
  test.setTimeout(60_000);
  await openApp(page, await launch());
  const s = emu.servers[0]!;
  await addServer(page, 'PRE1', s.host, s.port, SA_PASSWORD);
  const servers = page.getByRole('tree', { name: 'Servers' });
  await expandServerPath(page, ['PRE1', 'SQL Server Agent']);
  await servers.getByRole('treeitem', { name: 'Proxies', exact: true }).click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: 'New Proxy...' }).click();
  const dialog = page.getByRole('dialog', { name: 'New Proxy - PRE1' });
  await dialog.getByLabel('Proxy name', { exact: true }).fill('Loader Proxy');
  await dialog.getByLabel(/^Identity/).fill('not-a-windows-account');
  await dialog.getByLabel('Password', { exact: true }).fill('Windows!Pw2');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog.getByRole('alert')).toContainText('The identity must be a Windows account, written DOMAIN\\user.');
  await dialog.getByLabel(/^Identity/).fill('CORP\\svc_loader');
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);
  await expandServerPath(page, ['Proxies', 'SSIS Package Execution']);
  await expect(servers.getByRole('treeitem', { name: 'Loader Proxy', exact: true })).toBeVisible();
});
