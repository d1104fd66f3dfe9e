import { mosquittoFlood } from '../../test/support/mosquittoClients';
import { expect, test } from './desktopApp';

const FLOOD_COUNT = 200_000;
const STUCK_MS = 5_000;

test('a desktop window stuck during a flood loses nothing: the engine keeps reading, and the window catches up over IPC', async ({ desktop }) => {
  test.setTimeout(120_000);
  const page = desktop.window;
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  await page.getByLabel('Topic filter').fill('flood/#');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('flood/#', { exact: true })).toBeVisible();

  // The window's script is busy: it acknowledges nothing, so main holds back its live batches.
  const busy = page.evaluate((ms) => {
    const until = Date.now() + ms;
    while (Date.now() < until);
  }, STUCK_MS);
  await mosquittoFlood(desktop.brokerPort, 'flood/desktop', FLOOD_COUNT);
  await busy;
  await expect(page.getByRole('status', { name: 'Messages kept' })).toHaveText(/^200,000 messages, 200,000 kept/, { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Topics' }).click();
  await expect(page.getByRole('tree', { name: 'Topic tree' }).getByRole('treeitem', { name: /^flood, 200000 messages/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
});
