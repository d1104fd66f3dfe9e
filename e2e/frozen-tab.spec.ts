import { mosquittoFlood } from '../test/support/mosquittoClients';
import { test, expect } from './browserMode';

const FLOOD_COUNT = 600_000;
/** Longer than 1.5× the keepalive below: an engine that stopped reading for the tab would time out. */
const FROZEN_MS = 10_000;

// A tab frozen through CDP (Page.setWebLifecycleState 'frozen') does not do: Chromium still reads
// its WebSocket and queues the frames inside the renderer, so the engine never sees it fall behind.
// A tab whose script is stuck does stop reading, and that is what a flood must not stall on.

test('a tab stuck for 10 s during a flood keeps its connection, and then shows every message in the log and the topic tree', async ({ page, workbench }) => {
  test.setTimeout(120_000);
  await page.goto(workbench.url);
  // A short keepalive: the engine must go on answering the broker while the tab is away.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const form = page.getByRole('form', { name: /^Edit / });
  await form.getByLabel('Keepalive (s)').fill('2');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  await page.getByLabel('Topic filter').fill('flood/#');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('flood/#', { exact: true })).toBeVisible();

  // The tab's script stops for FROZEN_MS (as a hung or throttled tab): nothing is read meanwhile.
  const busy = page.evaluate((ms) => {
    const until = Date.now() + ms;
    while (Date.now() < until);
  }, FROZEN_MS);
  await mosquittoFlood(workbench.brokerPort, 'flood/frozen', FLOOD_COUNT);
  await busy;
  await expect(page.getByRole('status', { name: 'Messages kept' })).toHaveText(/^600,000 messages, 600,000 kept/, { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Topics' }).click();
  await expect(page.getByRole('status', { name: 'Topic count' })).toHaveText(/^1 topics?, 600,000 messages/, { timeout: 30_000 });
  await expect(page.getByRole('tree', { name: 'Topic tree' }).getByRole('treeitem', { name: /^flood, 600000 messages/ })).toBeVisible();
  // Never dropped: still the first connection, no reconnect.
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
});
