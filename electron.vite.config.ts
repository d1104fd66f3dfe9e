import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // index: the Electron entry. server: browser mode, same engine, no Electron.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          server: resolve(__dirname, 'src/main/server.ts'),
          // qoscope: the command line (pub, sub), plain Node.
          qoscope: resolve(__dirname, 'src/main/qoscope.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ES modules; bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
        external: ['electron'],
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    // Relative asset URLs: browser mode serves the UI under /s/<token>/, Electron under app://qoscope/.
    base: './',
    build: {
      // electron-vite leaves the renderer unminified; minified, the window's first load parses and
      // transfers well under half the bytes (monaco alone is megabytes).
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
