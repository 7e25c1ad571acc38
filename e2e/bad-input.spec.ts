import { readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, openApp, test } from './fixtures.js';
import { contextMenu, expand, item, SOLUTION_LABEL } from './tree.js';

const BROKEN = '<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:ObjectName="LoadOrders"\n  <DTS:Variables>\n';

test('a malformed package shows an error badge while the rest loads, and is not written', async ({ page, launch }) => {
  const app = await launch({ prepare: (dir) => writeFile(join(dir, 'LoadBalancing', 'LoadBalancing', 'LoadOrders.dtsx'), BROKEN) });
  await openApp(page, app);
  await expect(item(page, SOLUTION_LABEL)).toBeVisible();
  const broken = item(page, 'LoadOrders.dtsx');
  await expect(broken).toHaveAttribute('data-status', 'error');
  await expect(broken.getByRole('img', { name: /^Error: / })).toBeVisible();
  for (const ok of ['Parent.dtsx', 'LoadCustomers.dtsx', 'LoadProducts.dtsx']) await expect(item(page, ok)).toHaveAttribute('data-status', 'ok');
  expect(await readFile(join(app.projectDir, 'LoadOrders.dtsx'), 'utf8')).toBe(BROKEN);
});

test('View Code masks the password of a connection string', async ({ page, launch }) => {
  const secret = 'Hunter2-Secret!';
  const app = await launch({
    prepare: async (dir) => {
      const file = join(dir, 'LoadBalancing', 'LoadBalancing', 'Warehouse.conmgr');
      const text = await readFile(file, 'utf8');
      await writeFile(file, text.replace('Integrated Security=SSPI;', `User ID=loader;Password=${secret};`));
    },
  });
  await openApp(page, app);
  await expand(page, 'Connection Managers');
  const menu = await contextMenu(page, /^Warehouse(\.conmgr)?$/);
  await menu.getByRole('menuitem', { name: /^View Code/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('User ID=loader;Password=********');
  await expect(dialog).not.toContainText(secret);
  expect(await readFile(join(app.projectDir, 'Warehouse.conmgr'), 'utf8')).toContain(secret);
});

test('a change on disk refreshes the tree', async ({ page, app }) => {
  await expect(item(page, 'LoadProducts.dtsx')).toHaveAttribute('data-status', 'ok');
  await rm(join(app.projectDir, 'LoadProducts.dtsx'));
  await expect(item(page, 'LoadProducts.dtsx')).toHaveAttribute('data-status', 'missing', { timeout: 15_000 });
  const dtproj = await readFile(app.dtprojPath, 'utf8');
  await writeFile(app.dtprojPath, dtproj.replace('SSIS:Name="LoadCustomers.dtsx" SSIS:EntryPoint="0"', 'SSIS:Name="LoadCustomers.dtsx" SSIS:EntryPoint="1"'));
  await expect(item(page, 'LoadCustomers.dtsx')).toHaveAttribute('aria-description', /Entry-point package/, { timeout: 15_000 });
});
