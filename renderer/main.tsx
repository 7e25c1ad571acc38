/** Entry point: transport → store → React. The theme follows the system's light/dark setting. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTransport } from './api.js';
import { App } from './App.js';
import { createAppStore } from './store/createAppStore.js';
import { StoreProvider } from './store/context.js';
import './styles.css';

const dark = window.matchMedia('(prefers-color-scheme: dark)');
const store = createAppStore(createTransport(), { theme: dark.matches ? 'dark' : 'light' });
dark.addEventListener('change', (e) => store.getState().setTheme(e.matches ? 'dark' : 'light'));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
