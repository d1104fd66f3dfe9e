// Layering rules (after VS Code's code-layering): each folder may import only the layers
// below it. Do not relax these; move the code to the right layer instead.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'path', 'net', 'tls', 'os', 'http', 'https', 'crypto', 'stream', 'events', 'child_process', 'url', 'util', 'buffer'];
const pattern = (group, message) => ({ group, message });
/** Exact package names (and their subpaths), so our own folders named e.g. mqtt/ are not caught. */
const packages = (names, message) => ({ regex: `^(${names.join('|')})(/.*)?$`, message });

export default tseslint.config(
  { ignores: ['scratch-tmp/**', 'out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.config.*', 'test/**', 'e2e/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Playwright fixtures must destructure their (empty) dependencies.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    // common layer: platform-neutral only.
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(nodeBuiltins, 'src/shared is platform-neutral: no Node built-ins.'),
        packages(['electron'], 'src/shared must not import electron.'),
        packages(['react', 'react-dom', 'zustand', 'mqtt', 'mqtt-packet', 'aedes', 'ws'], 'src/shared holds only the contract, domain types and pure rules.'),
        pattern(['**/main/**', '**/renderer/**', '**/preload/**'], 'src/shared imports nothing from the layers above it.'),
      ] }],
    },
  },
  {
    // Node side: never electron, except the Electron entry and the IPC adapter.
    files: ['src/main/**'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        packages(['electron'], 'Only the Electron entry (src/main/index.ts) and adapters under src/main/electron may import electron; the engine and broker run in browser mode too.'),
        pattern(['**/renderer/**', '**/preload/**'], 'src/main does not import UI code.'),
      ] }],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(nodeBuiltins, 'The sandboxed preload has no Node built-ins.'),
        pattern(['**/main/**', '**/renderer/**'], 'The preload imports only src/shared and electron.'),
      ] }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        pattern(nodeBuiltins, 'The renderer runs in a browser: no Node built-ins.'),
        packages(['electron'], 'The renderer talks to the engine through the contract only.'),
        packages(['mqtt', 'mqtt-packet', 'aedes', 'ws'], 'The renderer never speaks MQTT itself.'),
        pattern(['**/main/**', '**/preload/**'], 'The renderer imports only src/shared.'),
      ] }],
    },
  },
);
