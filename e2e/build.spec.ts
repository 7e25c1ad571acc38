// Build and Export... from the Solution Explorer's context menus, checked on disk.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CORPUS_DIR, expect, openApp, test } from './fixtures.js';
import { contextMenu, expand } from './tree.js';

test('right-click the project → Build writes bin/Development/LoadBalancing.ispac and says so in Output', async ({ page, app }) => {
  const ispac = join(app.projectDir, 'bin', 'Development', 'LoadBalancing.ispac');
  const menu = await contextMenu(page, 'LoadBalancing');
  await menu.getByRole('menuitem', { name: 'Build', exact: true }).click();
  const output = page.getByRole('log', { name: 'Output from Build' });
  await expect(output).toContainText('------ Build started: Project: LoadBalancing ------');
  await expect(output).toContainText(`File '${ispac}' was written`);
  await expect(output).toContainText('========== Build: 1 succeeded, 0 failed ==========');
  const bytes = await readFile(ispac);
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
  expect(bytes.includes(Buffer.from('@Project.manifest'))).toBe(true);
});

test('package → Export... copies the file and refuses to overwrite until asked', async ({ page, app }) => {
  const target = join(dirname(app.projectDir), 'Exported Orders.dtsx');
  await expand(page, 'SSIS Packages');
  await (await contextMenu(page, /^LoadOrders(\.dtsx)?$/)).getByRole('menuitem', { name: 'Export...' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export LoadOrders.dtsx' });
  await dialog.getByLabel('Package path (.dtsx)').fill(target);
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog).toBeHidden();
  expect((await readFile(target)).equals(await readFile(join(app.projectDir, 'LoadOrders.dtsx')))).toBe(true);

  await writeFile(target, 'keep me');
  await (await contextMenu(page, /^LoadOrders(\.dtsx)?$/)).getByRole('menuitem', { name: 'Export...' }).click();
  await dialog.getByLabel('Package path (.dtsx)').fill(target);
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog.getByRole('alert')).toHaveText(`${target} already exists. Choose Overwrite to replace it.`);
  expect(await readFile(target, 'utf8')).toBe('keep me');
  await dialog.getByLabel('Overwrite an existing file').check();
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog).toBeHidden();
  expect((await stat(target)).size).toBe((await stat(join(app.projectDir, 'LoadOrders.dtsx'))).size);
});

test('Build of an EncryptAllWithPassword project asks for the project password, then writes the .ispac', async ({ page, launch }) => {
  const source = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProjectSQL2016', 'SampleSSISProject');
  const app = await launch({ copy: [[source, 'Locked']], open: join('Locked', 'SampleSSISProject.dtproj') });
  await openApp(page, app);
  await (await contextMenu(page, 'SampleSSISProject')).getByRole('menuitem', { name: 'Enter Password...' }).click();
  const unlock = page.getByRole('dialog', { name: 'Project Password' });
  await unlock.getByLabel('Password').fill('ssis123');
  await unlock.getByRole('button', { name: 'OK' }).click();
  await expect(unlock).toBeHidden();

  await (await contextMenu(page, 'SampleSSISProject')).getByRole('menuitem', { name: 'Build', exact: true }).click();
  const ask = page.getByRole('dialog', { name: 'Build SampleSSISProject' });
  await expect(ask).toContainText('encrypted with a password (EncryptAllWithPassword)');
  await ask.getByLabel('Password').fill('ssis123');
  await ask.getByRole('button', { name: 'Build' }).click();
  const ispac = join(app.dir, 'Locked', 'bin', 'Development', 'SampleSSISProject.ispac');
  await expect(page.getByRole('log', { name: 'Output from Build' })).toContainText(`File '${ispac}' was written`);
  expect((await stat(ispac)).size).toBeGreaterThan(1000);
});

test('package deployment model: Create deployment utility writes bin/Deployment with the manifest and the packages', async ({ page, launch }) => {
  const source = join(CORPUS_DIR, 'aleonard763__SSIS-Framework-Community-Edition-File', 'SSIS-Framework-Community-Edition-File', 'SSIS Framework Community Edition File', 'FileFrameworkTest1');
  const app = await launch({ copy: [[source, 'Legacy']], open: join('Legacy', 'FileFrameworkTest1.dtproj') });
  await openApp(page, app);
  const menu = await contextMenu(page, 'FileFrameworkTest1');
  await expect(menu.getByRole('menuitem', { name: 'Build', exact: true })).toHaveCount(0);
  await menu.getByRole('menuitem', { name: 'Create deployment utility' }).click();
  const manifest = join(app.dir, 'Legacy', 'bin', 'Deployment', 'FileFrameworkTest1.SSISDeploymentManifest');
  await expect(page.getByRole('log', { name: 'Output from Build' })).toContainText(`File '${manifest}' was written.`);
  const text = await readFile(manifest, 'utf8');
  expect(text).toContain('<Package>Child1.dtsx</Package>');
  expect(text).toContain('<Package>Child3.dtsx</Package>');
  expect((await readFile(join(app.dir, 'Legacy', 'bin', 'Deployment', 'Child3.dtsx'))).equals(await readFile(join(source, 'Child3.dtsx')))).toBe(true);
});
