import { test, expect } from './browserMode';

/**
 * *Check broker* on the embedded broker's connection: the engine probes it with clients of its own
 * and the table shows what the broker really does, what it lacks included; the user's connection
 * is not touched (it is not even connected).
 */
test('Check broker shows a table of what the broker supports, and each row opens the packets that prove it', async ({ page, workbench }, testInfo) => {
  await page.goto(workbench.url);
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Check broker' }).click();
  const check = page.getByRole('region', { name: 'Broker check' });
  await expect(check.getByRole('status').first()).toContainText('Probing the broker');
  const table = check.getByRole('table', { name: 'Broker check results' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole('row', { name: /^Retained messages pass / })).toBeVisible();
  await expect(table.getByRole('row', { name: /^Receive Maximum honoured \(MQTT 5\) pass / })).toBeVisible();
  await expect(table.getByRole('row', { name: /^Shared subscriptions pass / })).toBeVisible();
  // The embedded broker assigns no topic aliases, and says so in its CONNACK.
  await expect(table.getByRole('row', { name: /^Topic alias \(MQTT 5\) not supported / })).toBeVisible();
  await expect(check.getByRole('status')).toHaveText(/^\d+ pass, \d+ fail, 1 not supported$/);
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Not connected');
  // Each row opens the packets that prove it, in the inspector's list and field tree.
  await table.getByRole('button', { name: /^Show packets \d+ to \d+ of QoS 2 delivered exactly once$/ }).click();
  const proof = check.getByRole('region', { name: 'Packets of “QoS 2 delivered exactly once”' });
  const list = proof.getByRole('listbox');
  // It opens at its beginning (a probe's CONNECT), not scrolled to its end like a live capture.
  await expect(list.getByRole('option').first()).toHaveAccessibleName(/^\d+ sent CONNECT$/);
  await expect.poll(() => list.evaluate((element) => (element.closest('.packet-scroll') ?? element).scrollTop)).toBe(0);
  for (const type of ['CONNECT', 'SUBSCRIBE', 'PUBREC', 'PUBREL', 'PUBCOMP']) await expect(list.getByRole('option', { name: new RegExp(`\\b${type}\\b`) }).first()).toBeVisible();
  await list.getByRole('option', { name: /received PUBREL id \d+/ }).first().click();
  await expect(proof.getByRole('tree', { name: 'Packet fields' })).toBeVisible();
  await expect(proof.getByRole('grid', { name: 'Packet bytes' }).getByRole('gridcell', { name: /^byte 0: 0x62/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('check-broker-1400.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('check-broker-1024.png'), fullPage: true });
  // The whole check as one pcapng, for Wireshark.
  const [download] = await Promise.all([page.waitForEvent('download'), check.getByRole('button', { name: 'Export check as pcapng' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.pcapng$/);
  await proof.getByRole('button', { name: 'Hide packets' }).click();
  await expect(proof).toHaveCount(0);
  await check.getByRole('button', { name: 'Close' }).click();
  await expect(check).toHaveCount(0);
});
