import { readFile, readdir } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.js';
import { contextMenu, item, SOLUTION_LABEL, tree } from './tree.js';

test('shows the solution as Visual Studio does', async ({ page, app }) => {
  await expect(item(page, SOLUTION_LABEL)).toBeVisible();
  await expect(item(page, 'LoadBalancing')).toBeVisible();
  for (const folder of ['Project.params', 'Connection Managers', 'SSIS Packages', 'Package Parts', 'Miscellaneous']) {
    await expect(item(page, folder)).toBeVisible();
  }
  const onDisk = (await readdir(app.projectDir)).filter((f) => f.endsWith('.dtsx')).sort();
  expect(onDisk).toEqual(['LoadCustomers.dtsx', 'LoadOrders.dtsx', 'LoadProducts.dtsx', 'Parent.dtsx']);
  for (const name of onDisk) await expect(item(page, name)).toBeVisible();
  await expect(item(page, 'Parent.dtsx')).toHaveAttribute('aria-description', /Entry-point package/);
  await expect(item(page, 'LoadOrders.dtsx')).not.toHaveAttribute('aria-description', /Entry-point package/);
});

test('Entry-point Package toggles only that attribute in the .dtproj, and back to identical bytes', async ({ page, app }) => {
  const original = await readFile(app.dtprojPath);
  let menu = await contextMenu(page, 'Parent.dtsx');
  const entry = menu.getByRole('menuitemcheckbox', { name: 'Entry-point Package' });
  await expect(entry).toHaveAttribute('aria-checked', 'true');
  await entry.click();
  await expect.poll(async () => (await readFile(app.dtprojPath)).equals(original)).toBe(false);
  const changed = (await readFile(app.dtprojPath)).toString('latin1');
  const before = original.toString('latin1');
  expect(changed).toBe(before.replace('SSIS:Name="Parent.dtsx" SSIS:EntryPoint="1"', 'SSIS:Name="Parent.dtsx" SSIS:EntryPoint="0"'));
  await expect(item(page, 'Parent.dtsx')).not.toHaveAttribute('aria-description', /Entry-point package/);

  menu = await contextMenu(page, 'Parent.dtsx');
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Entry-point Package' })).toHaveAttribute('aria-checked', 'false');
  await menu.getByRole('menuitemcheckbox', { name: 'Entry-point Package' }).click();
  await expect.poll(async () => (await readFile(app.dtprojPath)).equals(original)).toBe(true);
  await expect(item(page, 'Parent.dtsx')).toHaveAttribute('aria-description', /Entry-point package/);
});

test('keyboard: arrows move the selection, F2 renames the file on disk', async ({ page, app }) => {
  await item(page, 'LoadCustomers.dtsx').click();
  await expect(item(page, 'LoadCustomers.dtsx')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(item(page, 'LoadOrders.dtsx')).toHaveAttribute('aria-selected', 'true');
  await expect(item(page, 'LoadCustomers.dtsx')).not.toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('F2');
  const box = page.getByRole('dialog').getByRole('textbox').or(tree(page).getByRole('textbox')).first();
  await expect(box).toBeFocused();
  await box.fill('LoadSales.dtsx');
  await box.press('Enter');
  await expect(item(page, 'LoadSales.dtsx')).toBeVisible();
  await expect(item(page, 'LoadOrders.dtsx')).toHaveCount(0);
  const files = await readdir(app.projectDir);
  expect(files).toContain('LoadSales.dtsx');
  expect(files).not.toContain('LoadOrders.dtsx');
  const dtproj = await readFile(app.dtprojPath, 'utf8');
  expect(dtproj).toContain('LoadSales.dtsx');
  expect(dtproj).not.toContain('LoadOrders.dtsx');
});

test('Del asks first, then deletes the file', async ({ page, app }) => {
  await item(page, 'LoadProducts.dtsx').click();
  await page.keyboard.press('Delete');
  const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'));
  await expect(dialog).toContainText('LoadProducts.dtsx');
  expect(await readdir(app.projectDir)).toContain('LoadProducts.dtsx');
  await dialog.getByRole('button', { name: /^(OK|Yes|Delete)$/ }).click();
  await expect(item(page, 'LoadProducts.dtsx')).toHaveCount(0);
  await expect.poll(async () => (await readdir(app.projectDir)).includes('LoadProducts.dtsx')).toBe(false);
  expect(await readFile(app.dtprojPath, 'utf8')).not.toContain('LoadProducts.dtsx');
});

test('Ctrl+; focuses the search box, which filters the tree', async ({ page, app }) => {
  void app;
  await item(page, 'Parent.dtsx').click();
  await page.keyboard.press('Control+;');
  const search = page.getByRole('searchbox', { name: /Search Solution Explorer/ }).or(page.getByRole('textbox', { name: /Search Solution Explorer/ }));
  await expect(search).toBeFocused();
  await page.keyboard.type('cust');
  await expect(item(page, 'LoadCustomers.dtsx')).toBeVisible();
  await expect(item(page, 'Parent.dtsx')).toHaveCount(0);
  await expect(item(page, 'LoadOrders.dtsx')).toHaveCount(0);
  await search.fill('');
  await expect(item(page, 'Parent.dtsx')).toBeVisible();
});

test('the tree has no serious accessibility violations', async ({ page, app }) => {
  void app;
  await expect(item(page, 'Parent.dtsx')).toBeVisible();
  const results = await new AxeBuilder({ page }).include('[role="tree"]').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length} nodes)`)).toEqual([]);
});

test('Shift+F10 opens the context menu of the selected package with Visual Studio labels; Escape closes it', async ({ page, app }) => {
  void app;
  await item(page, 'LoadCustomers.dtsx').click();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitemcheckbox', { name: 'Entry-point Package' })).toHaveAttribute('aria-checked', 'false');
  for (const label of ['Set as StartUp Object', 'View Code', 'Exclude From Project', 'Delete', 'Rename', 'Properties']) {
    await expect(menu.getByRole('menuitem', { name: new RegExp(`^${label}`) })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(item(page, 'LoadCustomers.dtsx')).toHaveAttribute('aria-selected', 'true');
});
