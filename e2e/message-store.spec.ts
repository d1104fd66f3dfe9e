import { spawn } from 'node:child_process';
import type { Page } from '@playwright/test';
import { connectAndSubscribe, test, expect } from './browserMode';

/** Publishes one message per line on one topic with a single mosquitto_pub process. */
function publishLines(port: number, topic: string, lines: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '1', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub ${topic} exited ${code}`))));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

const log = (page: Page) => page.getByRole('list', { name: 'Message log' });
const kept = (page: Page) => page.getByRole('status', { name: 'Messages kept' });

test('the log pages through thousands of kept messages, searches them in the engine, and survives a reload', async ({ page, workbench }) => {
  await connectAndSubscribe(page, workbench.url, 'fleet/#');
  await publishLines(workbench.brokerPort, 'fleet/truck1/speed', Array.from({ length: 2_000 }, (_, i) => `speed ${i}`));
  await publishLines(workbench.brokerPort, 'fleet/truck2/alarm', ['Brake FAULT', 'all clear', 'brake fault again']);
  await publishLines(workbench.brokerPort, 'fleet/truck2/speed', Array.from({ length: 997 }, (_, i) => `speed ${i}`));
  await expect(kept(page)).toHaveText(/^3,000 messages, 3,000 kept/);

  // The newest is on screen; the oldest is paged in from the engine when scrolled to.
  await expect(log(page).getByText('speed 996', { exact: true })).toBeVisible();
  await page.locator('.log-scroll').evaluate((el) => (el.scrollTop = 0));
  await expect(log(page).getByText('speed 0', { exact: true })).toBeVisible();

  // Text search ignores letter case and looks in payloads.
  await page.getByLabel('Search in topics and payloads').fill('brake fault');
  await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('2 matches in 3,000 kept');
  await expect(log(page).getByRole('listitem')).toHaveCount(2);
  await expect(log(page).getByRole('listitem').first()).toContainText('Brake FAULT');

  // A topic filter has true MQTT wildcard semantics; a malformed one is explained and not run.
  await page.getByLabel('Search in topics and payloads').fill('');
  const topicFilter = page.getByLabel('Show topics matching');
  await topicFilter.fill('fleet/#/speed');
  await expect(page.getByText(/#.*last/i)).toBeVisible();
  await expect(topicFilter).toHaveAttribute('aria-invalid', 'true');
  await topicFilter.fill('fleet/+/alarm');
  await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('3 matches in 3,000 kept');
  await expect(log(page).getByRole('listitem', { name: 'Received on fleet/truck2/alarm' })).toHaveCount(3);

  // The engine kept everything: a reload shows the same log.
  await page.reload();
  await expect(kept(page)).toHaveText(/^3,000 messages, 3,000 kept/);
  await expect(log(page).getByText('speed 996', { exact: true })).toBeVisible();
});

test('store limits are checked where typed and, once saved, drop the oldest messages and say so', async ({ page, workbench }) => {
  await connectAndSubscribe(page, workbench.url, 'meter/#');
  await publishLines(workbench.brokerPort, 'meter/1', Array.from({ length: 1_500 }, (_, i) => `reading ${i}`));
  await expect(kept(page)).toHaveText(/^1,500 messages, 1,500 kept/);

  await page.getByText('Limits', { exact: true }).click();
  const form = page.getByRole('form', { name: 'Message store limits' });
  await expect(form.getByLabel('Keep at most (messages)')).toHaveValue('1000000');
  await expect(form.getByLabel('Memory budget (MB)')).toHaveValue('512');
  await form.getByLabel('Keep at most (messages)').fill('10');
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(form.getByText('Keep at least 1,000 messages')).toBeVisible();
  await expect(kept(page)).toHaveText(/^1,500 messages, 1,500 kept/);

  await form.getByLabel('Keep at most (messages)').fill('1000');
  await form.getByRole('button', { name: 'Save limits' }).click();
  await expect(form.getByRole('status')).toHaveText(/Saved/);
  await expect(kept(page)).toHaveText(/^1,500 messages, 1,000 kept, 500 oldest dropped/);
  await page.locator('.log-scroll').evaluate((el) => (el.scrollTop = 0));
  await expect(log(page).getByText('reading 500', { exact: true })).toBeVisible();
  await expect(log(page).getByText('reading 499', { exact: true })).toHaveCount(0);
});
