import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cleanupApp, renderApp, settle } from '../../test/renderApp.js';
import { item, rightClick } from '../../test/solutionTree.js';
import { bigView, etlProject, mixedView, pkg, PROJECT, sampleView } from '../../test/sampleView.js';
import { CONFLICT_MESSAGE } from '../../store/solutionSlice.js';
import { SEARCH_LABEL } from './SolutionExplorer.js';

afterEach(cleanupApp);

describe('Solution Explorer tree', () => {
  it('shows the solution as Visual Studio does, with ARIA tree roles', async () => {
    await renderApp();
    const tree = screen.getByRole('tree', { name: 'Solution Explorer' });
    const names = within(tree).getAllByRole('treeitem').map((el) => el.getAttribute('aria-label'));
    expect(names).toEqual([
      "Solution 'Sample' (1 of 1 project)",
      'Etl',
      'Project.params',
      'Connection Managers',
      'SSIS Packages',
      'Parent.dtsx',
      'Child1.dtsx',
      'Child2.dtsx',
      'Broken.dtsx',
      'Package Parts',
      'Miscellaneous',
    ]);
    expect(item('Parent.dtsx').getAttribute('aria-description')).toBe('Entry-point package');
    expect(item('Child1.dtsx').getAttribute('aria-description')).toBeNull();
    const broken = item('Broken.dtsx');
    expect(broken.getAttribute('data-status')).toBe('error');
    expect(within(broken).getByRole('img', { name: /Error: Broken.dtsx is not well-formed XML/ })).toBeTruthy();
    expect(item('SSIS Packages').getAttribute('aria-expanded')).toBe('true');
    expect(item('Connection Managers').getAttribute('aria-expanded')).toBe('false');
  });

  it('shows unavailable, foreign and locked projects', async () => {
    await renderApp({}, mixedView());
    expect(screen.getByRole('treeitem', { name: "Solution 'Sample' (3 of 4 projects)" })).toBeTruthy();
    expect(item('Gone (unavailable)').getAttribute('title')).toBe('The project file was not found.');
    expect(item('Cube').className).toContain('dimmed');
    expect(item('Secret').getAttribute('aria-description')).toMatch(/Locked/);
  });

  it('unlocks a locked project with the password, showing a wrong password in the dialog', async () => {
    const { transport } = await renderApp(
      {
        'solution:unlockProject': (a) =>
          a.password === 'right' ? { ok: true, value: sampleView() } : { ok: false, error: { code: 'BAD_PASSWORD', message: 'The password is not correct.' } },
      },
      mixedView(),
    );
    fireEvent.click(within(rightClick('Secret')).getByRole('menuitem', { name: 'Enter Password...' }));
    const dialog = screen.getByRole('dialog', { name: 'Project Password' });
    const input = within(dialog).getByLabelText('Password');
    fireEvent.change(input, { target: { value: 'wrong' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The password is not correct.');
    fireEvent.change(input, { target: { value: 'right' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transport.callsTo('solution:unlockProject').map((c) => c.password)).toEqual(['wrong', 'right']);
    expect(screen.getByRole('treeitem', { name: "Solution 'Sample' (1 of 1 project)" })).toBeTruthy();
  });

  it('renders only the visible rows of a 10,000-package project', async () => {
    await renderApp({}, bigView(10_000));
    const rows = screen.getAllByRole('treeitem');
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.length).toBeLessThan(80);
    expect(item('Package00000.dtsx')).toBeTruthy();
  });

  it('keeps the focused row (and keyboard focus) while it is scrolled away; End and Home reach the ends of 10,000 rows', async () => {
    await renderApp({}, bigView(10_000));
    fireEvent.click(item('Package00000.dtsx'));
    await settle();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Package00000.dtsx');
    const scroller = screen.getByRole('tree', { name: 'Solution Explorer' }).firstElementChild as HTMLElement;
    scroller.scrollTop = 22 * 5_000;
    fireEvent.scroll(scroller);
    await settle();
    expect(item('Package05000.dtsx')).toBeTruthy();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Package00000.dtsx');
    expect(screen.getAllByRole('treeitem').length).toBeLessThan(80);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    await settle();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Miscellaneous');
    expect(item('Miscellaneous').getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await settle();
    expect(document.activeElement?.getAttribute('aria-label')).toBe("Solution 'Sample' (1 of 1 project)");
    expect(screen.queryByRole('treeitem', { name: 'Miscellaneous' })).toBeNull();
    expect(screen.getAllByRole('treeitem', { selected: true }).map((el) => el.getAttribute('aria-label'))).toEqual(["Solution 'Sample' (1 of 1 project)"]);
  });

  it('type-ahead jumps to the next row starting with the typed letters', async () => {
    await renderApp();
    fireEvent.click(item('Parent.dtsx'));
    await settle();
    fireEvent.keyDown(document.activeElement!, { key: 'c' });
    await settle();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Child1.dtsx');
    fireEvent.keyDown(document.activeElement!, { key: 'c' });
    await settle();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Child2.dtsx');
    expect(item('Child2.dtsx').getAttribute('aria-selected')).toBe('true');
  });
});

describe('context menus', () => {
  it('offers Visual Studio’s package commands and toggles Entry-point Package', async () => {
    const { transport } = await renderApp({
      'solution:setEntryPoint': (a) => ({
        ok: true,
        value: sampleView([etlProject([pkg('Parent.dtsx', { entryPoint: true }), pkg('Child1.dtsx', { entryPoint: a.entryPoint })])]),
      }),
    });
    const menu = rightClick('Child1.dtsx');
    const labels = Array.from(menu.querySelectorAll('[role^="menuitem"]')).map((el) => el.querySelector('.menu-label')?.textContent);
    expect(labels).toEqual(['Entry-point Package', 'Set as StartUp Object', 'Execute Package', 'View Code', 'Export...', 'Exclude From Project', 'Delete', 'Rename', 'Wire Child Jobs...', 'Properties']);
    const check = within(menu).getByRole('menuitemcheckbox', { name: 'Entry-point Package' });
    expect(check.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(check);
    await settle();
    expect(transport.callsTo('solution:setEntryPoint')).toEqual([{ projectPath: PROJECT, packageName: 'Child1.dtsx', entryPoint: true }]);
    expect(screen.queryByRole('menu')).toBeNull();
    expect(item('Child1.dtsx').getAttribute('aria-description')).toBe('Entry-point package');
    expect(within(rightClick('Child1.dtsx')).getByRole('menuitemcheckbox', { name: 'Entry-point Package' }).getAttribute('aria-checked')).toBe('true');
  });

  it('offers project and solution commands', async () => {
    const { transport } = await renderApp({
      'solution:newPackage': () => ({ ok: true, value: { view: sampleView([etlProject([...etlProject().packages, pkg('Package1.dtsx')])]), packageName: 'Package1.dtsx' } }),
      'solution:reload': () => ({ ok: true, value: sampleView() }),
    });
    const menu = rightClick('Etl');
    expect(within(menu).getAllByRole('menuitem').map((el) => el.querySelector('.menu-label')?.textContent)).toEqual(['Build', 'New SSIS Package', 'Add Existing Package...', 'Deploy All', 'Run Preflight Checks', 'Compare with Servers', 'Properties']);
    fireEvent.click(within(menu).getByRole('menuitem', { name: 'New SSIS Package' }));
    await settle();
    expect(transport.callsTo('solution:newPackage')).toEqual([{ projectPath: PROJECT }]);
    await waitFor(() => expect(item('Package1.dtsx').getAttribute('aria-selected')).toBe('true'));
    fireEvent.click(within(rightClick("Solution 'Sample' (1 of 1 project)")).getByRole('menuitem', { name: 'Reload' }));
    await settle();
    expect(transport.callsTo('solution:reload')).toHaveLength(1);
  });

  it('asks for a typed path when the native picker is unsupported (Add Existing Package...)', async () => {
    const { transport } = await renderApp({
      'dialog:openFile': () => ({ ok: false, error: { code: 'UNSUPPORTED', message: 'No native dialog in browser mode.' } }),
      'solution:addExistingPackage': (a) => ({ ok: true, value: sampleView([etlProject([...etlProject().packages, pkg(a.sourcePath.split('/').pop()!)])]) }),
    });
    fireEvent.click(within(rightClick('Etl')).getByRole('menuitem', { name: 'Add Existing Package...' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add Copy of Existing Package' });
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: '/elsewhere/Extra.dtsx' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transport.callsTo('dialog:openFile')).toEqual([{ title: 'Add Copy of Existing Package', extensions: ['dtsx'] }]);
    expect(transport.callsTo('solution:addExistingPackage')).toEqual([{ projectPath: PROJECT, sourcePath: '/elsewhere/Extra.dtsx' }]);
    expect(item('Extra.dtsx')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows package properties as a property grid', async () => {
    await renderApp({
      'solution:packageProperties': (a) => ({
        ok: true,
        value: {
          name: a.packageName, path: `/work/sample/Etl/${a.packageName}`, id: '{11111111-2222-3333-4444-555555555555}', versionGuid: null,
          versionMajor: 1, versionMinor: 0, versionBuild: 3, protectionLevel: 0, protectionLevelName: 'DontSaveSensitive', formatVersion: 8,
          targetServerVersion: 'SQLServer2019', creatorName: null, creationDate: null, description: null, entryPoint: false,
        },
      }),
    });
    fireEvent.click(within(rightClick('Child2.dtsx')).getByRole('menuitem', { name: 'Properties' }));
    const dialog = await screen.findByRole('dialog', { name: 'Child2.dtsx Properties' });
    const grid = within(dialog).getByRole('table', { name: 'Properties' });
    const value = (name: string) => within(grid).getByRole('rowheader', { name }).nextElementSibling?.textContent;
    expect(value('ID')).toBe('{11111111-2222-3333-4444-555555555555}');
    expect(value('Protection Level')).toBe('DontSaveSensitive');
    expect(value('Format Version')).toBe('8');
    expect(value('Target Server Version')).toBe('SQLServer2019');
    expect(value('Full Path')).toBe('/work/sample/Etl/Child2.dtsx');
  });
});

describe('keyboard', () => {
  async function focusRow(name: string) {
    const row = item(name);
    fireEvent.click(row);
    await settle();
    return row;
  }

  it('moves with the arrows and opens View Code with Enter', async () => {
    const { transport } = await renderApp({ 'solution:viewCode': (a) => ({ ok: true, value: { path: a.path, text: 'Password=********' } }) });
    await focusRow('Parent.dtsx');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await settle();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Child1.dtsx');
    expect(item('Child1.dtsx').getAttribute('aria-selected')).toBe('true');
    expect(item('Parent.dtsx').getAttribute('aria-selected')).toBe('false');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown', shiftKey: true });
    await settle();
    expect(['Parent.dtsx', 'Child1.dtsx', 'Child2.dtsx'].map((n) => item(n).getAttribute('aria-selected'))).toEqual(['false', 'true', 'true']);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await settle();
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    const dialog = await screen.findByRole('dialog', { name: 'Child1.dtsx [XML] (read-only)' });
    const code = within(dialog).getByRole('textbox', { name: 'Code of Child1.dtsx' });
    expect(code.textContent).toBe('Password=********');
    expect(code.getAttribute('aria-readonly')).toBe('true');
    expect(transport.callsTo('solution:viewCode')).toEqual([{ path: '/work/sample/Etl/Child1.dtsx' }]);
  });

  it('F2 renames with validation, and shows the service’s refusal', async () => {
    const { transport } = await renderApp({
      'solution:renamePackage': (a) =>
        a.newName === 'Taken.dtsx'
          ? { ok: false, error: { code: 'ALREADY_EXISTS', message: "A file named 'Taken.dtsx' already exists on disk." } }
          : { ok: true, value: sampleView([etlProject([pkg('Parent.dtsx', { entryPoint: true }), pkg(a.newName)])]) },
    });
    await focusRow('Child1.dtsx');
    fireEvent.keyDown(document.activeElement!, { key: 'F2' });
    const dialog = screen.getByRole('dialog', { name: 'Rename' });
    const input = within(dialog).getByLabelText('New name');
    fireEvent.change(input, { target: { value: 'Child2.dtsx' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(within(dialog).getByRole('alert').textContent).toBe("A package named 'Child2.dtsx' already exists in this project.");
    fireEvent.change(input, { target: { value: 'Bad:name.dtsx' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect(within(dialog).getByRole('alert').textContent).toMatch(/cannot contain/);
    expect(transport.callsTo('solution:renamePackage')).toEqual([]);
    fireEvent.change(input, { target: { value: 'Taken.dtsx' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe("A file named 'Taken.dtsx' already exists on disk.");
    fireEvent.change(input, { target: { value: 'Loader.dtsx' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transport.callsTo('solution:renamePackage').at(-1)).toEqual({ projectPath: PROJECT, packageName: 'Child1.dtsx', newName: 'Loader.dtsx' });
    expect(item('Loader.dtsx').getAttribute('aria-selected')).toBe('true');
  });

  it('Del asks with Visual Studio’s text, and deletes only on OK', async () => {
    const { transport } = await renderApp({ 'solution:deletePackage': () => ({ ok: true, value: sampleView([etlProject([pkg('Parent.dtsx', { entryPoint: true })])]) }) });
    await focusRow('Child2.dtsx');
    fireEvent.keyDown(document.activeElement!, { key: 'Delete' });
    let dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain("'Child2.dtsx' will be deleted permanently.");
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(transport.callsTo('solution:deletePackage')).toEqual([]);
    await focusRow('Child2.dtsx');
    fireEvent.keyDown(document.activeElement!, { key: 'Delete' });
    dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await settle();
    expect(transport.callsTo('solution:deletePackage')).toEqual([{ projectPath: PROJECT, packageName: 'Child2.dtsx' }]);
    expect(screen.queryByRole('treeitem', { name: 'Child2.dtsx' })).toBeNull();
  });

  it('Shift+F10 and the context-menu key open the menu; arrows and Escape work inside it', async () => {
    await renderApp();
    const row = await focusRow('Child1.dtsx');
    fireEvent.keyDown(row, { key: 'F10', shiftKey: true });
    const menu = screen.getByRole('menu');
    expect(document.activeElement?.textContent).toContain('Entry-point Package');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toContain('Set as StartUp Object');
    fireEvent.keyDown(menu, { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    fireEvent.keyDown(item('Child1.dtsx'), { key: 'ContextMenu' });
    expect(screen.getByRole('menu')).toBeTruthy();
  });

  it('Ctrl/Shift-click select several packages and Del deletes them all after one question', async () => {
    const { transport } = await renderApp({ 'solution:deletePackage': () => ({ ok: true, value: sampleView() }) });
    fireEvent.click(item('Child1.dtsx'));
    fireEvent.click(item('Broken.dtsx'), { ctrlKey: true });
    await settle();
    expect(item('Child1.dtsx').getAttribute('aria-selected')).toBe('true');
    expect(item('Child2.dtsx').getAttribute('aria-selected')).toBe('false');
    fireEvent.click(item('Parent.dtsx'), { shiftKey: true });
    await settle();
    expect(['Parent.dtsx', 'Child1.dtsx', 'Child2.dtsx', 'Broken.dtsx'].map((n) => item(n).getAttribute('aria-selected'))).toEqual(['true', 'true', 'true', 'true']);
    fireEvent.click(item('Child2.dtsx'), { ctrlKey: true });
    await settle();
    fireEvent.keyDown(item('Parent.dtsx'), { key: 'Delete' });
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('The selected items will be deleted permanently.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await settle();
    expect(transport.callsTo('solution:deletePackage').map((c) => c.packageName).sort()).toEqual(['Broken.dtsx', 'Child1.dtsx', 'Parent.dtsx']);
  });

  it('Ctrl+; focuses the search box, which filters the tree', async () => {
    await renderApp();
    fireEvent.keyDown(document.body, { key: ';', ctrlKey: true });
    const search = screen.getByRole('searchbox', { name: SEARCH_LABEL });
    expect(document.activeElement).toBe(search);
    fireEvent.change(search, { target: { value: 'child' } });
    await settle();
    const names = screen.getAllByRole('treeitem').map((el) => el.getAttribute('aria-label'));
    expect(names).toContain('Child1.dtsx');
    expect(names).toContain('Child2.dtsx');
    expect(names).not.toContain('Parent.dtsx');
    expect(names).not.toContain('Miscellaneous');
    fireEvent.keyDown(search, { key: 'Escape' });
    await settle();
    expect(screen.getByRole('treeitem', { name: 'Parent.dtsx' })).toBeTruthy();
  });
});

describe('errors and external changes', () => {
  it('shows a failed call in a dismissable error bar', async () => {
    await renderApp({ 'solution:excludePackage': () => ({ ok: false, error: { code: 'IO_ERROR', message: 'Etl.dtproj is read-only.' } }) });
    fireEvent.click(within(rightClick('Child1.dtsx')).getByRole('menuitem', { name: 'Exclude From Project' }));
    const bar = await screen.findByRole('alert', { name: 'Errors' });
    expect(bar.textContent).toContain('Etl.dtproj is read-only.');
    fireEvent.click(within(bar).getByRole('button', { name: 'Dismiss error' }));
    expect(screen.queryByRole('alert', { name: 'Errors' })).toBeNull();
  });

  it('asks to reload on CONFLICT and reloads on Reload', async () => {
    const { transport } = await renderApp({
      'solution:setStartupObject': () => ({ ok: false, error: { code: 'CONFLICT', message: 'changed on disk' } }),
      'solution:reload': () => ({ ok: true, value: sampleView([etlProject([pkg('Parent.dtsx', { entryPoint: true }), pkg('Fresh.dtsx')])]) }),
    });
    fireEvent.click(within(rightClick('Child1.dtsx')).getByRole('menuitem', { name: 'Set as StartUp Object' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain(CONFLICT_MESSAGE);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reload' }));
    await settle();
    expect(transport.callsTo('solution:reload')).toHaveLength(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(item('Fresh.dtsx')).toBeTruthy();
  });

  it('updates the tree on solution:changed, keeping selection and expansion', async () => {
    const { transport } = await renderApp();
    fireEvent.click(item('Connection Managers'));
    fireEvent.click(item('Child2.dtsx'));
    await settle();
    fireEvent.keyDown(item('Child2.dtsx'), { key: 'ArrowUp' });
    fireEvent.keyDown(item('Child2.dtsx'), { key: 'ArrowDown' });
    const cm = item('Connection Managers');
    fireEvent.doubleClick(cm);
    await settle();
    expect(item('Warehouse.conmgr')).toBeTruthy();
    fireEvent.click(item('Child2.dtsx'));
    await settle();
    act(() => transport.emit('solution:changed', sampleView([etlProject([pkg('Parent.dtsx'), pkg('Child2.dtsx', { entryPoint: true }), pkg('New.dtsx')])])));
    await settle();
    expect(item('New.dtsx')).toBeTruthy();
    expect(item('Child2.dtsx').getAttribute('aria-selected')).toBe('true');
    expect(item('Child2.dtsx').getAttribute('aria-description')).toBe('Entry-point package');
    expect(item('Warehouse.conmgr')).toBeTruthy();
  });

  it('opens a typed path when no solution is open and the picker is unsupported', async () => {
    const { transport } = await renderApp(
      {
        'dialog:openFile': () => ({ ok: false, error: { code: 'UNSUPPORTED', message: 'browser mode' } }),
        'solution:open': (a) => (a.path.endsWith('.sln') ? { ok: true, value: sampleView() } : { ok: false, error: { code: 'NOT_FOUND', message: `'${a.path}' does not exist.` } }),
      },
      null,
    );
    expect(screen.getByText('No solution is open.')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Open Solution...' })[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'Open Project/Solution' });
    const input = within(dialog).getByRole('textbox');
    fireEvent.change(input, { target: { value: '/nope.dtproj' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Open' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe("'/nope.dtproj' does not exist.");
    fireEvent.change(input, { target: { value: '/work/sample/Sample.sln' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Open' }));
    await screen.findByRole('tree', { name: 'Solution Explorer' });
    expect(transport.callsTo('solution:open').map((c) => c.path)).toEqual(['/nope.dtproj', '/work/sample/Sample.sln']);
  });
});

describe('more Visual Studio behaviour', () => {
  it('Enter expands a folder and asks for the password on a locked project', async () => {
    await renderApp({}, mixedView());
    fireEvent.click(item('Connection Managers'));
    await settle();
    expect(screen.queryByRole('treeitem', { name: 'Warehouse.conmgr' })).toBeNull();
    fireEvent.keyDown(item('Connection Managers'), { key: 'Enter' });
    await settle();
    expect(item('Connection Managers').getAttribute('aria-expanded')).toBe('true');
    expect(item('Warehouse.conmgr')).toBeTruthy();
    fireEvent.click(item('Secret'));
    await settle();
    fireEvent.keyDown(item('Secret'), { key: 'Enter' });
    expect(screen.getByRole('dialog', { name: 'Project Password' })).toBeTruthy();
  });

  it('disables Entry-point Package in the package deployment model', async () => {
    const project = { ...etlProject([pkg('Old.dtsx', { entryPoint: null })]), deploymentModel: 'Package' as const, projectParams: null };
    await renderApp({}, sampleView([project]));
    const check = within(rightClick('Old.dtsx')).getByRole('menuitemcheckbox', { name: 'Entry-point Package' });
    expect(check.getAttribute('aria-disabled')).toBe('true');
    expect(screen.queryByRole('treeitem', { name: 'Project.params' })).toBeNull();
  });

  it('is ready and shows the error when the first solution:get fails', async () => {
    await renderApp({ 'solution:get': () => ({ ok: false, error: { code: 'IO_ERROR', message: 'Sample.sln could not be read.' } }) }, null);
    expect(screen.getByRole('alert', { name: 'Errors' }).textContent).toContain('Sample.sln could not be read.');
  });

  it('follows the theme the store holds', async () => {
    const { store } = await renderApp();
    act(() => store.getState().setTheme('dark'));
    expect(document.documentElement.dataset.theme).toBe('dark');
    act(() => store.getState().setTheme('light'));
    expect(document.documentElement.dataset.theme).toBe('light');
  });
});
