/**
 * A flood: tens of thousands of messages a second. The live feed then sends the page only what a
 * view shows and counts the rest per topic, and views refresh a few times a second instead of
 * every frame. What the user reads must stay exact: every message counted on its topic, the log's
 * last row the last message, and the slower refresh said while it lasts.
 */
import { spawn } from 'node:child_process';
import { connectAndSubscribe, test, expect } from './browserMode';

/** Publishes `count` numbered QoS 0 messages on one topic with one mosquitto_pub -l. */
function publishNumbered(port: number, topic: string, count: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '0', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub ${topic} exited ${code}`))));
    child.stdin.end(Array.from({ length: count }, (_, i) => `${topic} #${i + 1}`).join('\n') + '\n');
  });
}

test('a flood is counted exactly on every topic, the log ends on the last message, and the slower refresh is shown while it lasts', async ({ page, workbench }) => {
  await connectAndSubscribe(page, workbench.url, 'flood/#');

  const flooded = page.getByRole('status').filter({ hasText: 'Flood: views refresh 4× a second' });
  const publishing = Promise.all([
    publishNumbered(workbench.brokerPort, 'flood/a', 60_000),
    publishNumbered(workbench.brokerPort, 'flood/b', 30_000),
    publishNumbered(workbench.brokerPort, 'flood/c/deep', 10_000),
  ]);
  await expect(flooded).toBeVisible();
  await publishing;
  await expect(page.getByRole('status', { name: 'Messages kept' })).toHaveText(/^100,000 messages, 100,000 kept/, { timeout: 30_000 });
  // The feed went quiet: back to refreshing every frame, and the note goes.
  await expect(flooded).toBeHidden({ timeout: 10_000 });

  // Each topic's own publisher ran in order, so its last message is its highest number.
  const log = page.getByRole('list', { name: 'Message log' });
  await expect(log.getByText(/^flood\/(a #60000|b #30000|c\/deep #10000)$/).first()).toBeVisible();

  await page.getByRole('tab', { name: 'Topics' }).click();
  await expect(page.getByRole('status', { name: 'Topic count' })).toHaveText(/^3 topics, 100,000 messages/);
  const tree = page.getByRole('tree', { name: 'Topic tree' });
  await expect(tree.getByRole('treeitem', { name: 'flood, 100000 messages, 3 topics' })).toBeVisible();
  await tree.getByRole('treeitem', { name: /^flood,/ }).click();
  await page.keyboard.press('ArrowRight');
  await expect(tree.getByRole('treeitem', { name: 'a, 60000 messages' })).toBeVisible();
  await expect(tree.getByRole('treeitem', { name: 'b, 30000 messages' })).toBeVisible();
  // The last payload each topic shows is its last message, though most travelled as counts.
  await tree.getByRole('treeitem', { name: 'a, 60000 messages' }).click();
  const details = page.getByRole('region', { name: /flood\/a/ });
  await expect(details.getByRole('region', { name: 'Last payload' }).getByText('flood/a #60000', { exact: true })).toBeVisible();
});
