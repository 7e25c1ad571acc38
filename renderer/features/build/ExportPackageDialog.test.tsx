/** Export...: the typed path in the browser; in the desktop app also Browse..., the Save As dialog. */
import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cleanupApp, renderApp, settle } from '../../test/renderApp.js';
import { PROJECT } from '../../test/sampleView.js';
import { rightClick } from '../../test/solutionTree.js';

afterEach(cleanupApp);

const info = (mode: 'electron' | 'browser') => ({ ok: true as const, value: { name: 'SSIS Designer', version: '1.2.3', mode, versions: {} } });

describe('Export... of a package', () => {
  it('in the desktop app, Browse... fills the path from Save As (which asked about replacing), then Export writes there', async () => {
    const { transport } = await renderApp({
      'app:info': () => info('electron'),
      'dialog:saveFile': () => ({ ok: true, value: { path: '/exports/Child1 copy.dtsx' } }),
      'package:exportFile': (a) => ({ ok: true, value: { path: a.targetPath, bytes: 10 } }),
    });
    fireEvent.click(within(rightClick('Child1.dtsx')).getByRole('menuitem', { name: 'Export...' }));
    const dialog = screen.getByRole('dialog', { name: 'Export Child1.dtsx' });
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Browse...' }));
    await settle();
    expect(transport.callsTo('dialog:saveFile')).toEqual([{ title: 'Export Child1.dtsx', extensions: ['dtsx'], defaultName: 'Child1.dtsx' }]);
    expect(within(dialog).getByLabelText('Package path (.dtsx)')).toHaveProperty('value', '/exports/Child1 copy.dtsx');
    expect(within(dialog).getByLabelText('Overwrite an existing file')).toHaveProperty('checked', true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    await settle();
    expect(transport.callsTo('package:exportFile')).toEqual([{ projectPath: PROJECT, packageName: 'Child1.dtsx', targetPath: '/exports/Child1 copy.dtsx', overwrite: true }]);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Export Child1.dtsx' })).toBeNull());
  });

  it('in the browser there is no picker: the path is typed', async () => {
    await renderApp({ 'app:info': () => info('browser') });
    fireEvent.click(within(rightClick('Child1.dtsx')).getByRole('menuitem', { name: 'Export...' }));
    const dialog = screen.getByRole('dialog', { name: 'Export Child1.dtsx' });
    await settle();
    expect(within(dialog).queryByRole('button', { name: 'Browse...' })).toBeNull();
    expect(within(dialog).getByLabelText('Package path (.dtsx)')).toBeTruthy();
  });
});
