// Lint keeps the layers of ARCHITECTURE.md apart: each area may import only what its row allows.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'net', 'tls', 'http', 'https', 'crypto', 'child_process', 'url', 'events', 'stream'];

function restrict(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }] };
}

export default tseslint.config(
  { ignores: ['out/**', 'out-*/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'react', 'react-dom', 'mssql', 'ws', '**/electron/**', '**/renderer/**', '**/emulator/**', '../electron*', '../renderer*', '../emulator*'],
      'shared/ is pure TypeScript: no Node, DOM, Electron or other-area imports.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [...nodeBuiltins, 'electron', 'mssql', 'ws', '**/electron/**', '**/emulator/**'],
      'renderer/ talks to the Node side only through renderer/api.ts and the shared contract.',
    ),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: restrict(['**/renderer/**', '**/emulator/**', 'react', 'react-dom'], 'electron/ may import shared/, node:* and libraries only.'),
  },
  {
    files: ['electron/services/**/*.ts', 'electron/cli/**/*.ts', 'electron/host/**/*.ts'],
    ignores: ['electron/**/*.test.ts'],
    rules: restrict(
      ['electron', '**/renderer/**', '**/emulator/**', 'react', 'react-dom'],
      'Only electron/main may use the Electron API; services, host and cli run in plain Node.',
    ),
  },
  {
    files: ['emulator/**/*.ts'],
    rules: restrict(
      ['**/shared/**', '**/electron/**', '**/renderer/**', '../shared*', 'electron', 'react'],
      'emulator/ is an independent stand-in for SQL Server: it imports nothing from the app.',
    ),
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'bin/**/*.js', '*.config.{js,ts}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
