// The desktop path, end to end: the built main entry with the simulated `electron`, its window a
// real Chromium page loading the UI through main's app:// handler and the real preload.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startDesktopApp, test } from './desktopApp';

async function publish(page: Page, topic: string, payload: string, qos: '0' | '1' | '2') {
  await page.getByLabel('Topic', { exact: true }).fill(topic);
  await page.getByRole('form', { name: 'Publish' }).getByLabel('QoS').selectOption(qos);
  await page.getByRole('group', { name: 'Payload editor' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(payload);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
}

test('in the desktop window a user connects to the embedded broker, subscribes, publishes, and sees the message in the log, topic tree, packets and flows', async ({ desktop }) => {
  const page = desktop.window;
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');

  await page.getByLabel('Topic filter').fill('lab/#');
  await page.getByRole('form', { name: 'Subscribe' }).getByLabel('QoS').selectOption('2');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('QoS 2')).toBeVisible();

  await publish(page, 'lab/desk/temp', '21.5', '2');
  const row = page.getByRole('listitem', { name: 'Received on lab/desk/temp' });
  await expect(row).toContainText('21.5');
  await expect(page.getByRole('status', { name: 'Messages kept' })).toHaveText(/^2 messages, 2 kept/);

  await page.getByRole('tab', { name: 'Topics' }).click();
  await expect(page.getByRole('tree', { name: 'Topic tree' }).getByRole('treeitem', { name: /^lab, 1 messages?/ })).toBeVisible();

  // The list opens on the newest packets; in this small window the CONNECT is above them: Home.
  await page.getByRole('tab', { name: 'Packets' }).click();
  await expect(page.getByRole('option', { name: /received PUBCOMP id \d+$/ }).first()).toBeVisible();
  await page.getByRole('listbox', { name: 'Packets' }).press('Home');
  await expect(page.getByRole('option', { name: /^1 sent CONNECT$/ })).toHaveAttribute('aria-selected', 'true');

  await page.getByRole('tab', { name: 'Flows' }).click();
  await expect(page.getByRole('article', { name: /^QoS 2, packet id \d+, lab\/desk\/temp: complete in/ }).first()).toBeVisible();

  // The log's export is served by main's app:// handler, as the download would be.
  await page.getByRole('tab', { name: 'Messages' }).click();
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await page.evaluate(async (link) => (await fetch(link!)).text(), href);
  expect(csv.split('\r\n').filter(Boolean)).toHaveLength(3);
  expect(csv).toContain('lab/desk/temp');
  expect(csv).toContain('21.5');
});

test('in the desktop window a publish with MQTT 5 properties arrives and the details pane shows them', async ({ desktop }) => {
  const page = desktop.window;
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  await page.getByLabel('Topic filter').fill('desk/#');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('desk/#', { exact: true })).toBeVisible();

  const form = page.getByRole('form', { name: 'Publish' });
  await form.getByText('MQTT 5 properties').click();
  await form.getByLabel('Content type').fill('text/plain');
  await form.getByLabel('Correlation data', { exact: true }).fill('req-7');
  await form.getByRole('button', { name: 'Add user property' }).click();
  await form.getByLabel('User property 1 name').fill('room');
  await form.getByLabel('User property 1 value').fill('desk');
  await publish(page, 'desk/props', 'hello', '1');

  const row = page.getByRole('listitem', { name: 'Received on desk/props' });
  await expect(row).toContainText('hello');
  await row.click();
  const details = page.getByRole('region', { name: 'Message details' });
  const fields = details.getByRole('definition');
  await expect(fields.filter({ hasText: 'desk/props' })).toHaveCount(1);
  await expect(fields.filter({ hasText: 'text/plain' })).toHaveCount(1);
  await expect(fields.filter({ hasText: 'req-7' })).toHaveCount(1);
  await expect(details.getByRole('table', { name: 'User properties' }).getByRole('row', { name: 'room desk' })).toBeVisible();
  await expect(details.getByLabel('Payload', { exact: true })).toHaveText('hello');
});

test('File > New Connection in the native menu opens the connection form', async ({ desktop }) => {
  const page = desktop.window;
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  desktop.clickMenu(['File', 'New Connection']);
  await expect(page.getByRole('form', { name: 'New connection' })).toBeVisible();
});

test('a saved password is encrypted with safeStorage and never written in clear', async ({ desktop }) => {
  const page = desktop.window;
  await page.getByRole('button', { name: 'New connection' }).click();
  const form = page.getByRole('form', { name: 'New connection' });
  await form.getByLabel('Name', { exact: true }).fill('Lab with password');
  await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
  await form.getByLabel('Port', { exact: true }).fill(String(desktop.brokerPort));
  await form.getByLabel('Username', { exact: true }).fill('lab');
  await form.getByLabel('Password', { exact: true }).fill('desk-top-s3cret');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { name: 'Lab with password', level: 1 })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Password storage' })).toHaveText(/encrypted/);

  // profiles.json is written after a short delay; wait for the connection to be in it.
  await expect.poll(async () => readFile(path.join(desktop.userData, 'profiles.json'), 'utf8').catch(() => '')).toContain('Lab with password');
  const files = await readdir(desktop.userData);
  expect(files).toContain('secrets.json');
  for (const file of files) {
    const content = await readFile(path.join(desktop.userData, file), 'utf8').catch(() => '');
    expect(content, file).not.toContain('desk-top-s3cret');
  }
});

test('the window refuses a foreign navigation and window.open, as main decides', async ({ desktop }) => {
  const page = desktop.window;
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  const before = page.url();
  await page.evaluate(() => {
    location.href = 'https://example.invalid/phish';
  });
  await expect.poll(() => desktop.output()).toContain('[electron-sim] navigation prevented "https://example.invalid/phish"');
  expect(page.url()).toBe(before);

  const popups: Page[] = [];
  page.context().on('page', (opened) => popups.push(opened));
  await page.evaluate(() => window.open('https://example.invalid/popup'));
  await expect.poll(() => desktop.output()).toContain('[electron-sim] window.open denied "https://example.invalid/popup"');
  await expect.poll(() => desktop.output()).toContain('[electron-sim] openExternal "https://example.invalid/popup"');
  await expect.poll(() => popups.every((popup) => popup.isClosed())).toBe(true);
});

test('what Electron refuses is refused in the simulation too: a non-cloneable IPC value, and no raw IPC in the page', async ({ desktop }) => {
  const page = desktop.window;
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  // The bridge's calls structured-clone their arguments, as Electron's IPC does.
  const cloneError = await page.evaluate(async () => {
    const bridge = (window as unknown as { qoscope: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> }).qoscope;
    try {
      await bridge.connections!.list!(() => 1);
      return 'no error';
    } catch (error) {
      return (error as Error).name;
    }
  });
  expect(cloneError).toBe('DataCloneError');
  // The page gets only the named functions, never ipcRenderer or the simulation's raw channel.
  expect(await page.evaluate(() => ['ipcRenderer', 'require', '__qoscopeSimIpc'].filter((name) => name in window))).toEqual([]);
});

test('--smoke-test starts the broker, opens the window, round-trips a message through the UI and exits 0', async () => {
  const { child, app, stop } = await startDesktopApp(['--smoke-test']);
  try {
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(app.output()).toMatch(/Smoke test passed: a message on qoscope\/smoke-test\/\S+ went through the embedded broker \(port \d+\) into the window's log/);
    expect(code).toBe(0);
  } finally {
    await stop();
  }
});

test('a sandboxed preload may require only what Electron allows', async ({ browser }) => {
  const { preloadScript } = await import('./simulatedElectron.mjs');
  const page = await browser.newPage();
  await page.exposeBinding('__qoscopeSimIpc', () => undefined);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(preloadScript("require('timers'); require('url'); require('events'); window.__allowed = true; require('fs');"));
  await page.goto('data:text/html,<title>preload</title>');
  expect(await page.evaluate(() => (window as unknown as { __allowed?: boolean }).__allowed)).toBe(true);
  expect(errors).toEqual(['module not found: fs']);
  await page.close();
});

test('in the desktop window the Broker view lists a device, captures its packets, and a retained message is deleted, all over IPC', async ({ desktop }) => {
  const page = desktop.window;
  const mqtt = (await import('mqtt')).default;
  await page.getByRole('button', { name: 'Broker view…' }).click();
  const view = page.getByRole('region', { name: 'Embedded broker' }).filter({ has: page.getByRole('tablist', { name: 'Broker sections' }) });
  await view.getByRole('tab', { name: 'Settings' }).click();
  await view.getByRole('checkbox', { name: 'Capture clients’ packets' }).click();
  await expect(view.getByRole('checkbox', { name: 'Capture clients’ packets' })).toBeChecked();

  const device = await mqtt.connectAsync({ host: '127.0.0.1', port: desktop.brokerPort, clientId: 'desk-sensor', reconnectPeriod: 0 });
  try {
    await device.publishAsync('desk/temp', '22.0', { qos: 1, retain: true });
    await view.getByRole('tab', { name: 'Clients' }).click();
    const row = view.getByRole('row', { name: /desk-sensor/ });
    await expect(row).toContainText('MQTT 3.1.1');
    await row.getByRole('button', { name: 'Packets of desk-sensor' }).click();
    await expect(view.getByRole('listbox', { name: 'Packets' }).getByRole('option', { name: /received PUBACK id \d+$/ })).toBeVisible();
  } finally {
    device.end(true);
  }
  await view.getByRole('tab', { name: 'Retained' }).click();
  const retained = view.getByRole('table', { name: 'Retained messages' });
  await expect(retained.getByRole('row', { name: /desk\/temp/ })).toContainText('22.0');
  await retained.getByRole('button', { name: 'Delete retained message on desk/temp' }).click();
  await expect(retained.getByRole('row', { name: /desk\/temp/ })).toHaveCount(0);
});
