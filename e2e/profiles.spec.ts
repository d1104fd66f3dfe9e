import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, startWorkbench } from './browserMode';
import { startMosquitto } from '../test/support/mosquitto';

async function fillNewConnection(page: Page, name: string, port: string, host = '127.0.0.1') {
  await page.getByRole('button', { name: 'New connection' }).click();
  const form = page.getByRole('form', { name: 'New connection' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Host', { exact: true }).fill(host);
  await form.getByLabel('Port', { exact: true }).fill(port);
  return form;
}

test('the form explains bad input where it was typed, and saves nothing half-valid', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  const form = await fillNewConnection(page, 'Broken', '70000', '');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Port must be between 1 and 65535')).toBeVisible();
  await expect(form.getByLabel('Port', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Host is required')).toBeVisible();
  await expect(form.getByRole('alert')).toHaveText('Not saved: 2 fields need attention.');
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('navigation', { name: 'Connections' }).getByRole('button', { name: /^Broken,/ })).toHaveCount(0);
});

test('two profiles created through the form connect at once and come back after a restart', async ({ page }, testInfo) => {
  const brokerA = await startMosquitto();
  const brokerB = await startMosquitto({ users: [{ username: 'lab', password: 'pa55-word-e2e' }] });
  const dataDir = testInfo.outputPath('data');
  let app = await startWorkbench(['--data-dir', dataDir]);
  try {
    await page.goto(app.workbench.url);
    let form = await fillNewConnection(page, 'Broker A', String(brokerA.port));
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: 'Broker A', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');

    form = await fillNewConnection(page, 'Broker B', String(brokerB.port));
    await form.getByLabel('Username', { exact: true }).fill('lab');
    await form.getByLabel('Password', { exact: true }).fill('pa55-word-e2e');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: 'Broker B', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');

    const list = page.getByRole('navigation', { name: 'Connections' });
    await expect(list.getByRole('button', { name: 'Broker A, Connected' })).toBeVisible();
    await expect(list.getByRole('button', { name: 'Broker B, Connected' })).toBeVisible();

    // The saved files never hold the password in clear.
    for (const file of await readdir(dataDir)) {
      const content = await readFile(path.join(dataDir, file), 'utf8').catch(() => '');
      expect(content, file).not.toContain('pa55-word-e2e');
    }

    await app.stop();
    app = await startWorkbench(['--data-dir', dataDir]);
    await page.goto(app.workbench.url);
    await expect(list.getByRole('button', { name: /^Broker A,/ })).toBeVisible();
    await expect(list.getByRole('button', { name: /^Broker B,/ })).toBeVisible();
    await list.getByRole('button', { name: /^Broker A,/ }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  } finally {
    await app.stop();
    await brokerA.stop();
    await brokerB.stop();
  }
});

test('connections exported by MQTTX and MQTT Explorer are imported from a file', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  const saved = page.getByRole('region', { name: 'Saved connections' });
  await saved.getByLabel('Connections file to import').setInputFiles('test/store/fixtures/mqttx-one-connection.json');
  await expect(saved.getByRole('status').filter({ hasText: 'Imported 1 connection' })).toBeVisible();
  await saved.getByLabel('Connections file to import').setInputFiles('test/store/fixtures/mqtt-explorer-settings.json');
  await expect(saved.getByRole('status').filter({ hasText: /Imported \d+ connections/ })).toBeVisible();

  const list = page.getByRole('navigation', { name: 'Connections' });
  await expect(list.getByRole('button', { name: /^Staging broker,/ })).toBeVisible();
  await expect(list.getByRole('button', { name: /^Garage sensors,/ })).toBeVisible();
  await list.getByRole('button', { name: /^Staging broker,/ }).click();
  await expect(page.getByText('mqtts://staging.example.net:8883 · MQTT 3.1.1 · client ID mqttx_3b9f01aa')).toBeVisible();
});
