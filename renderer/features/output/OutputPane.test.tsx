import { afterEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { cleanupApp, renderApp } from '../../test/renderApp.js';

afterEach(cleanupApp);

describe('Output pane', () => {
  it('shows the lines of the chosen source, switches with "Show output from:" and clears', async () => {
    const { store } = await renderApp();
    act(() => {
      store.getState().append('Deploy', ['SRV1: deploying LoadOrders.dtsx', 'SRV1: done']);
      store.getState().append('Build', 'Build succeeded.');
    });
    const pane = screen.getByRole('region', { name: 'Output pane' });
    const log = within(pane).getByRole('log', { name: 'Output from Deploy' });
    expect(log.textContent).toBe('SRV1: deploying LoadOrders.dtsxSRV1: done');
    const picker = within(pane).getByLabelText('Show output from:');
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['Deploy', 'Build', 'Debug']);
    fireEvent.change(picker, { target: { value: 'Build' } });
    expect(within(pane).getByRole('log', { name: 'Output from Build' }).textContent).toBe('Build succeeded.');
    fireEvent.click(within(pane).getByRole('button', { name: 'Clear All' }));
    expect(within(pane).getByRole('log').textContent).toBe('');
    expect(store.getState().outputLines['Deploy']).toHaveLength(2);
  });
});
