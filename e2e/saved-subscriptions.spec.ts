import { writeFile } from 'node:fs/promises';
import mqtt from 'mqtt';
import type { Page } from '@playwright/test';
import { test, expect, startWorkbench, addConnection } from './browserMode';
import { startMosquitto } from '../test/support/mosquitto';

const newConnection = (page: Page, name: string, port: number) => addConnection(page, { name, port, connect: false });

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

async function subscribe(page: Page, filter: string, options: { qos: string; alias: string; colour: string }) {
  const form = page.getByRole('form', { name: 'Subscribe' });
  await form.getByLabel('Topic filter').fill(filter);
  await form.getByLabel('QoS').selectOption(options.qos);
  await form.getByLabel('Alias').fill(options.alias);
  await form.getByLabel('Colour').fill(options.colour);
  await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
}

const subscriptions = (page: Page) => page.getByRole('list', { name: 'Active subscriptions' });

async function publish(port: number, topic: string, payload: string) {
  const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
  try {
    await client.publishAsync(topic, payload, { qos: 1 });
  } finally {
    await client.endAsync();
  }
}

test('subscriptions are saved with the connection, come back after a restart, and stay removed once removed', async ({ page }, testInfo) => {
  const broker = await startMosquitto();
  const dataDir = testInfo.outputPath('data');
  let app = await startWorkbench(['--data-dir', dataDir]);
  try {
    await page.goto(app.workbench.url);
    await newConnection(page, 'Plant', broker.port);
    await connect(page);
    await subscribe(page, 'plant/+/temp', { qos: '1', alias: 'Temperatures', colour: '#e0607e' });
    await subscribe(page, 'plant/alarms/#', { qos: '2', alias: 'Alarms', colour: '#2bb5c4' });
    await expect(subscriptions(page).getByRole('listitem', { name: 'Temperatures (plant/+/temp)' })).toContainText('QoS 1');
    await expect(subscriptions(page).getByRole('listitem', { name: 'Alarms (plant/alarms/#)' })).toContainText('QoS 2');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).not.toHaveText('Connected');

    await app.stop();
    app = await startWorkbench(['--data-dir', dataDir]);
    await page.goto(app.workbench.url);
    await page.getByRole('navigation', { name: 'Connections' }).getByRole('button', { name: /^Plant,/ }).click();
    await connect(page);
    const temps = subscriptions(page).getByRole('listitem', { name: 'Temperatures (plant/+/temp)' });
    await expect(temps).toContainText('QoS 1');
    await expect(temps.getByTitle('Colour #e0607e')).toBeVisible();
    await expect(subscriptions(page).getByRole('listitem', { name: 'Alarms (plant/alarms/#)' })).toContainText('QoS 2');
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.screenshot({ path: testInfo.outputPath('saved-subscriptions-1400.png') });

    // A real client's message arrives through a subscription that was only restored, never typed.
    await publish(broker.port, 'plant/boiler/temp', '71.5');
    const row = page.getByRole('listitem', { name: 'Received on plant/boiler/temp' });
    await expect(row).toContainText('71.5');
    await expect(row).toHaveCSS('box-shadow', /rgb\(224, 96, 126\)/);
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.screenshot({ path: testInfo.outputPath('saved-subscriptions-1024.png') });

    await page.getByRole('button', { name: 'Unsubscribe from plant/alarms/#' }).click();
    await expect(subscriptions(page).getByRole('listitem', { name: 'Alarms (plant/alarms/#)' })).toHaveCount(0);
    await app.stop();
    app = await startWorkbench(['--data-dir', dataDir]);
    await page.goto(app.workbench.url);
    await page.getByRole('navigation', { name: 'Connections' }).getByRole('button', { name: /^Plant,/ }).click();
    await connect(page);
    await expect(subscriptions(page).getByRole('listitem', { name: 'Temperatures (plant/+/temp)' })).toContainText('QoS 1');
    await expect(subscriptions(page).getByRole('listitem')).toHaveCount(1);
  } finally {
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('browser-mode output', { body: app.workbench.output(), contentType: 'text/plain' });
    await app.stop();
    await broker.stop();
  }
});

test('an MQTTX export brings its subscriptions, active once connected', async ({ page, workbench }, testInfo) => {
  const broker = await startMosquitto();
  try {
    const file = testInfo.outputPath('mqttx-export.json');
    await writeFile(
      file,
      JSON.stringify({
        id: 'a1',
        name: 'From MQTTX',
        clientId: 'mqttx_e2e',
        host: '127.0.0.1',
        port: broker.port,
        protocol: 'mqtt',
        mqttVersion: '5.0',
        clean: true,
        keepalive: 60,
        subscriptions: [
          { id: 's1', topic: 'farm/+/humidity', qos: 1, color: '#34C388', alias: 'Humidity' },
          { id: 's2', topic: 'farm/gate', qos: 0, color: '#E8AE4D', nl: true, rap: true, rh: 0 },
        ],
      }),
    );
    await page.goto(workbench.url);
    const saved = page.getByRole('region', { name: 'Saved connections' });
    await saved.getByLabel('Connections file to import').setInputFiles(file);
    await expect(saved.getByRole('status').filter({ hasText: 'Imported 1 connection' })).toBeVisible();
    await page.getByRole('navigation', { name: 'Connections' }).getByRole('button', { name: /^From MQTTX,/ }).click();
    await expect(subscriptions(page).getByRole('listitem', { name: 'Humidity (farm/+/humidity)' })).toContainText('waiting for connection');
    await connect(page);
    await expect(subscriptions(page).getByRole('listitem', { name: 'Humidity (farm/+/humidity)' })).toContainText('QoS 1');
    await expect(subscriptions(page).getByRole('listitem', { name: 'farm/gate' })).toContainText('QoS 0');
    await publish(broker.port, 'farm/north/humidity', '48%');
    await expect(page.getByRole('listitem', { name: 'Received on farm/north/humidity' })).toContainText('48%');
  } finally {
    await broker.stop();
  }
});
