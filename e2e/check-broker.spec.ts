import { test, expect } from './browserMode';

/**
 * *Check broker* on the embedded broker's connection: the engine probes it with clients of its own
 * and the table shows what the broker really does, failures included; the user's connection is
 * not touched (it is not even connected).
 */
test('Check broker shows a table of what the broker supports and where it misbehaves', async ({ page, workbench }, testInfo) => {
  await page.goto(workbench.url);
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Check broker' }).click();
  const check = page.getByRole('region', { name: 'Broker check' });
  await expect(check.getByRole('status').first()).toContainText('Probing the broker');
  const table = check.getByRole('table', { name: 'Broker check results' });
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(table.getByRole('row', { name: /^Retained messages pass / })).toBeVisible();
  // Aedes as embedded today ignores a client's Receive Maximum (the broker issue).
  await expect(table.getByRole('row', { name: /^Receive Maximum honoured \(MQTT 5\) FAIL / })).toBeVisible();
  await expect(check.getByRole('status')).toHaveText(/^\d+ pass, [1-9]\d* fail, \d+ not supported$/);
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Not connected');
  await page.screenshot({ path: testInfo.outputPath('check-broker-1400.png'), fullPage: true });
  await check.getByRole('button', { name: 'Close' }).click();
  await expect(check).toHaveCount(0);
});
