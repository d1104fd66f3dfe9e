import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';

export type RunningWorkbench = {
  /**
   * The URL exactly as printed, `http://127.0.0.1:PORT/s/<token>/`: the token is in its path, and
   * everything of this run (assets, /rpc, exports) is relative to it.
   */
  url: string;
  origin: string;
  brokerPort: number;
  brokerWsPort: number;
  output(): string;
};

/**
 * Starts browser mode the way a user does (the built app, `node out/main/server.js`), on free
 * ports, and reads the UI's URL and the broker's addresses from what it prints.
 */
export async function startWorkbench(extraArgs: string[] = []): Promise<{ workbench: RunningWorkbench; stop(): Promise<void> }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['out/main/server.js', '--port', '0', '--broker-port', '0', '--broker-ws-port', '0', ...extraArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const workbench = await new Promise<RunningWorkbench>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not print its URL:\n${output}`)), 15_000);
    const check = () => {
      const url = /QoScope \(browser mode\) is at (\S+)/.exec(output)?.[1];
      const broker = /Embedded broker: mqtt:\/\/127\.0\.0\.1:(\d+)\s+ws:\/\/127\.0\.0\.1:(\d+)\/mqtt/.exec(output);
      if (url && broker) {
        clearTimeout(timer);
        resolve({
          url,
          origin: new URL(url).origin,
          brokerPort: Number(broker[1]),
          brokerWsPort: Number(broker[2]),
          output: () => output,
        });
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`browser mode exited with ${code}:\n${output}`)));
  });

  return {
    workbench,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A fresh workbench for every test, so no test sees another's connections or messages. */
export const test = base.extend<{ workbench: RunningWorkbench }>({
  workbench: async ({}, use, testInfo) => {
    // Each test gets its own data folder: no saved connections leak between tests.
    const { workbench, stop } = await startWorkbench(['--data-dir', testInfo.outputPath('data')]);
    await use(workbench);
    await stop();
    // What browser mode printed is the first thing to read when a test fails.
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('browser-mode output', { body: workbench.output(), contentType: 'text/plain' });
  },
});

/**
 * Adds a connection to a broker on 127.0.0.1 through the *New connection* form, as a user does,
 * and (unless `connect` is false) connects it and waits for Connected.
 */
export async function addConnection(page: Page, { name, port, connect = true }: { name: string; port: number; connect?: boolean }): Promise<void> {
  await page.getByRole('button', { name: 'New connection' }).click();
  const form = page.getByRole('form', { name: 'New connection' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(port));
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  if (!connect) return;
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

/** Opens the workbench, connects its selected connection (the embedded broker) and subscribes to `filter`. */
export async function connectAndSubscribe(page: Page, url: string, filter: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  await page.getByLabel('Topic filter').fill(filter);
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText(filter, { exact: true })).toBeVisible();
}

export { expect };
