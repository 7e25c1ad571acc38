/** The Servers pane in Playwright: adding a server through the Add Server dialog, and axe checks of dialogs. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

export const servers = (page: Page) => page.getByRole('tree', { name: 'Servers' });
export const serverNode = (page: Page, name: string) => servers(page).getByRole('treeitem', { name, exact: true });

/** No serious or critical axe violation in the open dialog. */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Add Server through the dialog with the sa login, Test Connection, OK; the server then shows its version. */
export async function addServer(page: Page, name: string, host: string, port: number, password: string, opts: { axe?: boolean } = {}): Promise<void> {
  await page.getByRole('button', { name: 'Add Server...' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Server' });
  await dialog.getByLabel('Display name').fill(name);
  await dialog.getByLabel('Server name').fill(host);
  await dialog.getByLabel('Port').fill(String(port));
  await dialog.getByLabel('Login').fill('sa');
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  await dialog.getByLabel('Encryption').selectOption('optional');
  await dialog.getByLabel('Trust server certificate').check();
  await expect(dialog).toContainText('kept in memory only for this session');
  if (opts.axe) await expectNoSeriousViolations(page);
  await dialog.getByRole('button', { name: 'Test Connection' }).click();
  const result = dialog.getByRole('status', { name: 'Test Connection result' });
  await expect(result).toContainText(name); // @@SERVERNAME
  await expect(result.getByRole('row', { name: /SQL Server Agent Running/ })).toBeVisible();
  await expect(result.getByRole('row', { name: /Roles .*sysadmin/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'OK' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(serverNode(page, name)).toHaveAttribute('aria-description', /SQL Server .* - sa/);
}

/**
 * Opens the Servers-tree nodes along `path` with the keyboard, as a user would (select, Right arrow), each
 * the first node of that name; a node already open is left open.
 */
export async function expandServerPath(page: Page, path: readonly string[]): Promise<void> {
  for (const name of path) {
    const node = servers(page).getByRole('treeitem', { name, exact: true }).first();
    await node.click();
    if ((await node.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('ArrowRight');
    await expect(node).toHaveAttribute('aria-expanded', 'true');
  }
}
