import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, test as base, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config';

const root = fileURLToPath(new URL('../..', import.meta.url));
const STAND_IN = 'https://app-qoscope.invalid';

export type DesktopApp = {
  /** The app's window, driven like a person would. */
  window: Page;
  /** Where Electron's userData is. */
  userData: string;
  /** What the main process printed (the simulation records dialogs, menus, refusals here). */
  output(): string;
  /** Clicks an item of the native application menu, e.g. ['File', 'New Connection']. */
  clickMenu(path: string[]): void;
  brokerPort: number;
};

/** Waits for `pattern` in a growing text; rejects with the text when the process ends first. */
function waitFor(read: () => string, pattern: RegExp, child: ChildProcess, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const match = pattern.exec(read());
      if (match) {
        clearInterval(timer);
        resolve(match);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`${what} exited (${child.exitCode}) first:\n${read()}`));
      }
    }, 50);
  });
}

/**
 * Chromium with a DevTools port for the simulated main process to open its window in, and the
 * built main entry (out/main/index.js) running in Node with `electron` resolved to the simulation.
 */
export async function startDesktopApp(args: string[] = []): Promise<{ app: DesktopApp; child: ChildProcess; stop(): Promise<void> }> {
  const home = await mkdtemp(path.join(tmpdir(), 'qoscope-electron-sim-'));
  const chromiumProcess = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${path.join(home, 'chromium')}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let chromiumOutput = '';
  chromiumProcess.stderr?.on('data', (chunk: Buffer) => (chromiumOutput += chunk.toString()));
  const endpoint = (await waitFor(() => chromiumOutput, /DevTools listening on (ws:\/\/\S+)/, chromiumProcess, 'Chromium'))[1]!;

  const child = spawn(process.execPath, ['--import', './e2e/electron/register.mjs', 'out/main/index.js', ...args], {
    cwd: root,
    env: { ...process.env, SIM_CDP: endpoint, SIM_HOME: home },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const clickMenu = (labels: string[]) => child.stdin?.write(`menu ${labels.join(' > ')}\n`);
  const connected: { browser?: Browser } = {};
  const stop = async () => {
    await connected.browser?.close().catch(() => undefined);
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (chromiumProcess.exitCode === null) {
      chromiumProcess.kill('SIGKILL');
      await new Promise((resolve) => chromiumProcess.once('exit', resolve));
    }
    await rm(home, { recursive: true, force: true, maxRetries: 5 });
  };
  if (args.includes('--smoke-test')) return { app: { window: undefined as never, userData: path.join(home, 'userData'), output: () => output, clickMenu, brokerPort: 0 }, child, stop };

  const brokerPort = Number((await waitFor(() => output, /Embedded broker: mqtt:\/\/127\.0\.0\.1:(\d+)/, child, 'The main process'))[1]);
  const browser = await chromium.connectOverCDP(endpoint);
  connected.browser = browser;
  const context = browser.contexts()[0]!;
  let window: Page | undefined;
  while (!window) {
    window = context.pages().find((page) => page.url().startsWith(STAND_IN));
    if (!window) await new Promise((resolve) => setTimeout(resolve, 50));
    if (child.exitCode !== null) throw new Error(`the main process exited:\n${output}`);
  }
  return { app: { window, userData: path.join(home, 'userData'), output: () => output, clickMenu, brokerPort }, child, stop };
}

/** A fresh desktop app (own userData, own Chromium) for every test. */
export const test = base.extend<{ desktop: DesktopApp }>({
  desktop: async ({}, use, testInfo) => {
    const { app, stop } = await startDesktopApp();
    await use(app);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('main process output', { body: app.output(), contentType: 'text/plain' });
    await stop();
  },
});

export { expect } from '@playwright/test';
