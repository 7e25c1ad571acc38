/** Renders the whole App over a fake transport and waits for the first 'solution:get'. */
import { expect } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { App } from '../App.js';
import { createAppStore } from '../store/createAppStore.js';
import { StoreProvider } from '../store/context.js';
import { FakeTransport, type FakeHandlers } from './fakeTransport.js';
import { noAssignments, sampleView } from './sampleView.js';
import type { SolutionView } from '../../shared/model/solution.js';

export async function renderApp(handlers: FakeHandlers = {}, view: SolutionView | null = sampleView()) {
  const transport = new FakeTransport({
    'solution:get': () => ({ ok: true, value: view }),
    'servers:list': () => ({ ok: true, value: { servers: [], secretStore: { kind: 'memory', persistent: false } } }),
    'deploy:listAssignments': (a) => ({ ok: true, value: noAssignments(a.projectPath) }),
    ...handlers,
  });
  const store = createAppStore(transport);
  const result = render(
    <StoreProvider store={store}>
      <App fallbackHeight={600} />
    </StoreProvider>,
  );
  await waitFor(() => expect(document.body.dataset.ready).toBe('true'));
  if (view) await screen.findByRole('tree', { name: 'Solution Explorer' });
  return { transport, store, ...result };
}

/** For afterEach: unmounts the App and clears the ready flag it set on the body. */
export function cleanupApp(): void {
  cleanup();
  delete document.body.dataset.ready;
}

/** Lets pending promises (store actions) settle inside act(). */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}
