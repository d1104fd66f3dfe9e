import { spawn } from 'node:child_process';
import { expect, test } from './desktopApp';

const FLOOD_COUNT = 200_000;
const STUCK_MS = 5_000;

/** FLOOD_COUNT QoS 0 messages of 64 bytes from one `mosquitto_pub -l`. */
function flood(port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', 'flood/desktop', '-q', '0', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}`))));
    const lines = Array.from({ length: FLOOD_COUNT }, (_, i) => String(i).padStart(8, '0').padEnd(64, '.'));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

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
  await flood(desktop.brokerPort);
  await busy;
  await expect(page.getByRole('status', { name: 'Messages kept' })).toHaveText(/^200,000 messages, 200,000 kept/, { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Topics' }).click();
  await expect(page.getByRole('tree', { name: 'Topic tree' }).getByRole('treeitem', { name: /^flood, 200000 messages/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
});
