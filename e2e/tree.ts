/** Locators for the Solution Explorer, by the ARIA roles and Visual Studio labels the UI uses. */
import type { Locator, Page } from '@playwright/test';

/** Visual Studio writes "project" in the singular when the solution has one. */
export const SOLUTION_LABEL = "Solution 'LoadBalancing' (1 of 1 project)";

export function tree(page: Page): Locator {
  return page.getByRole('tree', { name: 'Solution Explorer' });
}

export function item(page: Page, name: string | RegExp): Locator {
  return tree(page).getByRole('treeitem', { name, exact: true });
}

/** Opens a collapsed folder node with the keyboard, as a user would (select it, Right arrow). */
export async function expand(page: Page, name: string): Promise<void> {
  const node = item(page, name);
  if ((await node.getAttribute('aria-expanded')) === 'true') return;
  await node.click();
  await page.keyboard.press('ArrowRight');
  await node.page().waitForFunction((n) => document.querySelector(`[role="treeitem"][aria-label="${n}"]`)?.getAttribute('aria-expanded') === 'true', name);
}

export async function contextMenu(page: Page, name: string | RegExp): Promise<Locator> {
  await item(page, name).click({ button: 'right' });
  const menu = page.getByRole('menu');
  await menu.waitFor();
  return menu;
}
