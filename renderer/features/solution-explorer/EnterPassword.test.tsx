import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { cleanupApp, renderApp } from '../../test/renderApp.js';
import { rightClick } from '../../test/solutionTree.js';
import { etlProject, sampleView } from '../../test/sampleView.js';

afterEach(cleanupApp);

describe('Enter Password on an EncryptSensitiveWithPassword project', () => {
  it('is offered on the loaded project and sends the password to solution:unlockProject', async () => {
    const view = sampleView([{ ...etlProject(), protectionLevel: 2 }]);
    const { transport } = await renderApp({ 'solution:unlockProject': () => ({ ok: true, value: view }) }, view);
    fireEvent.click(within(rightClick('Etl')).getByRole('menuitem', { name: 'Enter Password...' }));
    const dialog = screen.getByRole('dialog', { name: 'Project Password' });
    expect(dialog.textContent).toContain("Enter the password for project 'Etl'.");
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'ssis123' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(transport.callsTo('solution:unlockProject')).toEqual([{ projectPath: view.projects[0]!.path, password: 'ssis123' }]);
  });

  it('is not offered on other projects', async () => {
    await renderApp({}, sampleView([{ ...etlProject(), protectionLevel: 1 }]));
    expect(within(rightClick('Etl')).queryByRole('menuitem', { name: 'Enter Password...' })).toBeNull();
  });
});
