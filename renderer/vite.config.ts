// Builds the renderer bundle that both Electron (file://) and the browser-mode host serve; hence base './'.
// No node:* imports here: the renderer's lint and tsconfig forbid them, so the folder comes from import.meta.url.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

function folderOf(url: string): string {
  const path = decodeURIComponent(new URL('.', url).pathname);
  return /^\/[A-Za-z]:/.test(path) ? path.slice(1) : path;
}

export default defineConfig({
  root: folderOf(import.meta.url),
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
  },
});
