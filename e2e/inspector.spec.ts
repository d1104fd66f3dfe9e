import type { Page } from '@playwright/test';
import { test, expect } from './browserMode';
import { startMosquitto } from '../test/support/mosquitto';

async function connectEmbedded(page: Page, url: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

async function publish(page: Page, topic: string, payload: string, qos: '0' | '1' | '2') {
  await page.getByLabel('Topic', { exact: true }).fill(topic);
  await page.getByRole('form', { name: 'Publish' }).getByLabel('QoS').selectOption(qos);
  await page.getByRole('group', { name: 'Payload editor' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(payload);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
}

test('a QoS 2 round trip shows as two complete, timed flows, and the PUBREL bytes can be inspected', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await page.getByLabel('Topic filter').fill('lab/q2');
  await page.getByRole('form', { name: 'Subscribe' }).getByLabel('QoS').selectOption('2');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('QoS 2')).toBeVisible();

  await publish(page, 'lab/q2', 'exactly once', '2');
  await expect(page.getByRole('listitem', { name: 'Received on lab/q2' })).toBeVisible();

  await page.getByRole('tab', { name: 'Flows' }).click();
  const outgoing = page.getByRole('article', { name: /^QoS 2, packet id \d+, lab\/q2: complete in/ }).filter({ hasText: 'sent by QoScope' });
  const incoming = page.getByRole('article', { name: /^QoS 2, packet id \d+, lab\/q2: complete in/ }).filter({ hasText: 'sent by the broker' });
  await expect(outgoing).toBeVisible();
  await expect(incoming).toBeVisible();
  const outSteps = outgoing.getByRole('list', { name: 'Steps' }).getByRole('button');
  await expect(outSteps).toHaveText([/^PUBLISH/, /^PUBREC/, /^PUBREL/, /^PUBCOMP/]);
  await expect(outSteps.nth(0)).toHaveAccessibleName(/^1\. PUBLISH sent at \+0\.00 ms$/);
  await expect(outSteps.nth(3)).toHaveAccessibleName(/^4\. PUBCOMP received at \+\d/);
  const inSteps = incoming.getByRole('list', { name: 'Steps' }).getByRole('button');
  await expect(inSteps).toHaveText([/^PUBLISH/, /^PUBREC/, /^PUBREL/, /^PUBCOMP/]);
  await expect(inSteps.nth(1)).toHaveAccessibleName(/^2\. PUBREC sent at/);

  // Clicking a step opens that packet in the inspector.
  await outSteps.nth(2).click();
  await expect(page.getByRole('tab', { name: 'Packets' })).toHaveAttribute('aria-selected', 'true');
  const pubrel = page.getByRole('option', { name: /sent PUBREL id \d+/, selected: true });
  await expect(pubrel).toBeVisible();
  const tree = page.getByRole('tree', { name: 'Packet fields' });
  await tree.getByRole('treeitem', { name: /^Fixed header/ }).locator('> .field-line').click();
  const bytes = page.getByRole('grid', { name: 'Packet bytes' });
  await expect(bytes.getByRole('gridcell', { name: 'byte 0: 0x62', selected: true })).toBeVisible();

  // Clicking a byte selects the field it belongs to.
  await bytes.getByRole('gridcell', { name: /^byte 2:/ }).click();
  await expect(tree.getByRole('treeitem', { selected: true })).toHaveAccessibleName(/^Packet identifier: \d+/);
  await expect(bytes.getByRole('gridcell', { name: /^byte 2:/, selected: true })).toBeVisible();
  await expect(bytes.getByRole('gridcell', { name: /^byte 3:/, selected: true })).toBeVisible();
  await expect(bytes.getByRole('gridcell', { name: 'byte 0: 0x62', selected: true })).toHaveCount(0);
});

test('a broker that stops answering mid-handshake leaves a visibly pending flow', async ({ page, workbench }) => {
  const broker = await startMosquitto();
  try {
    await page.goto(workbench.url);
    await page.getByRole('button', { name: 'New connection' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Lab mosquitto');
    await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: 'Lab mosquitto' })).toBeVisible();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');

    broker.freeze();
    await publish(page, 'lab/stuck', 'never acknowledged', '2');
    await page.getByRole('tab', { name: 'Flows' }).click();
    const flow = page.getByRole('article', { name: /^QoS 2, packet id \d+, lab\/stuck: pending, waiting [\d.]+ (ms|s)/ });
    await expect(flow).toBeVisible();
    await expect(flow).toContainText('waiting for PUBREC');
    await broker.kill();
    await expect(page.getByRole('status', { name: 'Connection state' })).toContainText('Reconnecting in');
    await expect(flow).toBeVisible();
    await expect(flow).toHaveAccessibleName(/pending, waiting [\d.]+ s/);
  } finally {
    await broker.stop();
  }
});

test('the capture survives a page reload, and the packet list filters by type', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await publish(page, 'lab/reload', 'still here', '1');
  await expect(page.getByText('Published to lab/reload (acknowledged)')).toBeVisible();

  await page.reload();
  await page.getByRole('tab', { name: 'Packets' }).click();
  const packets = page.getByRole('listbox', { name: 'Packets' });
  await expect(packets.getByRole('option', { name: /^1 sent CONNECT$/ })).toBeVisible();
  await expect(packets.getByRole('option', { name: /sent PUBLISH id \d+$/ })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Packets kept' })).toHaveText(/^[1-9]\d* packets kept/);

  await page.getByRole('toolbar', { name: 'Packet filters and actions' }).getByLabel('Type').selectOption('PUBACK');
  await expect(packets.getByRole('option')).toHaveCount(1);
  await expect(packets.getByRole('option')).toHaveAccessibleName(/received PUBACK id \d+$/);
});
