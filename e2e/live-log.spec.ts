import { test, expect } from './browserMode';
import { mosquittoPub, startMosquittoSub } from '../test/support/mosquittoClients';
import type { Page } from '@playwright/test';

async function connectEmbedded(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

async function subscribe(page: Page, filter: string, qos = '0') {
  await page.getByLabel('Topic filter').fill(filter);
  await page.getByRole('form', { name: 'Subscribe' }).getByLabel('QoS').selectOption(qos);
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText(filter, { exact: true })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText(`QoS ${qos}`)).toBeVisible();
}

test('a new user connects to the embedded broker and sees a retained QoS 2 message arrive', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await subscribe(page, 'home/#', '2');

  await mosquittoPub({ port: workbench.brokerPort, topic: 'home/kitchen/temperature', message: '25.5', qos: 2, retain: true });

  const row = page.getByRole('listitem', { name: 'Received on home/kitchen/temperature' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('25.5');
  await expect(row.getByText('QoS 2', { exact: true })).toBeVisible();
  await expect(row.getByText('Retained', { exact: true })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Messages kept' })).toHaveText(/^1 message, 1 kept/);
});

test('a message published from the UI arrives at mosquitto_sub', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  const sub = startMosquittoSub({ port: workbench.brokerPort, topic: 'lab/out', count: 1, qos: 1, timeoutSeconds: 20 });
  await sub.ready;

  await page.getByLabel('Topic', { exact: true }).fill('lab/out');
  await page.getByRole('form', { name: 'Publish' }).getByLabel('QoS').selectOption('1');
  await page.getByRole('group', { name: 'Payload editor' }).click();
  await page.keyboard.type('{"temp": 21.5}');
  await page.keyboard.press('Control+Enter');

  await expect(page.getByText('Published to lab/out (acknowledged)')).toBeVisible();
  const received = await sub.result;
  expect(received.map((m) => [m.topic, m.payload])).toEqual([['lab/out', '{"temp": 21.5}']]);
  await expect(page.getByRole('listitem', { name: 'Sent on lab/out' })).toContainText('{"temp": 21.5}');
});

test('a payload carrying markup is shown as text and never runs', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await subscribe(page, 'xss/#');
  const attack = '<img src=x onerror="window.__qoscopeXss=1"><script>window.__qoscopeXss=2</script>';

  await mosquittoPub({ port: workbench.brokerPort, topic: 'xss/<b>bold</b>', message: attack });

  const row = page.getByRole('listitem', { name: 'Received on xss/<b>bold</b>' });
  await expect(row).toContainText(attack);
  await expect(page.getByRole('list', { name: 'Message log' }).locator('img, script, b')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __qoscopeXss?: number }).__qoscopeXss)).toBeUndefined();
});

test('a payload that is not UTF-8 is shown as hex', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await subscribe(page, 'bin/#');

  await mosquittoPub({ port: workbench.brokerPort, topic: 'bin/raw', message: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff]) });

  await expect(page.getByRole('listitem', { name: 'Received on bin/raw' })).toContainText('hex de ad be ef ff');
});

test('filters and topics are checked where they are typed, and nothing invalid is sent', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);

  await page.getByLabel('Topic filter').fill('home/#/kitchen');
  await expect(page.getByText('# must be the last level and stand alone (e.g. home/#)')).toBeVisible();
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' })).toContainText('No subscriptions yet.');

  await page.getByLabel('Topic', { exact: true }).fill('home/+/temp');
  await expect(page.getByText('Wildcards + and # are not allowed in a publish topic')).toBeVisible();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Messages kept' })).toHaveText(/^0 messages, 0 kept/);
});
