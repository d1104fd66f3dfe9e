import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, startWorkbench } from './browserMode';

/** Publishes one message per line on one topic with a single mosquitto_pub process. */
function publishLines(port: number, topic: string, lines: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '1', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub ${topic} exited ${code}`))));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}

async function connect(page: Page) {
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

/** Servers this test started, stopped after it also when it timed out mid-way. */
const started: (() => Promise<void>)[] = [];
test.afterEach(async () => {
  for (const stop of started.splice(0)) await stop();
});

async function start(dataDir: string) {
  const running = await startWorkbench(['--data-dir', dataDir]);
  started.push(running.stop);
  return running;
}

const log = (page: Page) => page.getByRole('list', { name: 'Message log' });
const kept = (page: Page) => page.getByRole('status', { name: 'Messages kept' });

test('after browser mode restarts on the same data folder, the log, topic tree and search are as they were', async ({ page }, testInfo) => {
  const dataDir = testInfo.outputPath('data');
  const first = await start(dataDir);
  try {
    await page.goto(first.workbench.url);
    await connect(page);
    await page.getByLabel('Topic filter').fill('fleet/#');
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('fleet/#', { exact: true })).toBeVisible();
    await publishLines(first.workbench.brokerPort, 'fleet/truck1/speed', Array.from({ length: 500 }, (_, i) => `speed ${i}`));
    await publishLines(first.workbench.brokerPort, 'fleet/truck2/alarm', ['Brake FAULT', 'all clear']);
    await expect(kept(page)).toHaveText(/^502 messages, 502 kept/);
  } finally {
    await first.stop();
  }

  const second = await start(dataDir);
  try {
    await page.goto(second.workbench.url);
    // The log: every message of the first run, the newest on screen.
    await expect(kept(page)).toHaveText(/^502 messages, 502 kept \(.* on disk\)/);
    await expect(log(page).getByText('all clear', { exact: true })).toBeVisible();
    await page.locator('.log-scroll').evaluate((el) => (el.scrollTop = 0));
    await expect(log(page).getByText('speed 0', { exact: true })).toBeVisible();

    // Limits shows what is on disk and how much history is kept.
    await page.getByText('Limits', { exact: true }).click();
    const limits = page.getByRole('form', { name: 'Message store limits' });
    await expect(limits.getByLabel('History: at most (messages)')).toHaveValue('1000000');
    await expect(limits.getByLabel('History: at most (days)')).toHaveValue('7');
    await expect(limits.getByLabel('History on disk')).toHaveText(/^On disk: 502 messages \([\d.]+ KiB\) and \d+ packets \([\d.]+ KiB\); history keeps up to 1,000,000 messages, 1,024 MB and 7 days, oldest deleted first\.$/);
    await limits.getByLabel('History: at most (days)').fill('0');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await expect(limits.getByText('Keep at least 1 day')).toBeVisible();
    await page.getByText('Limits', { exact: true }).click();

    // The topic tree, rebuilt from the store.
    await page.getByRole('tab', { name: 'Topics' }).click();
    await expect(page.getByRole('status', { name: 'Topic count' })).toHaveText(/^2 topics, 502 messages/);
    await page.getByRole('tab', { name: 'Messages' }).click();

    // Search over the reopened messages.
    await page.getByLabel('Search in topics and payloads').fill('brake fault');
    await expect(page.getByRole('status', { name: 'Search results' })).toHaveText('1 match in 502 kept');
    await expect(log(page).getByRole('listitem')).toHaveCount(1);
    await page.getByLabel('Search in topics and payloads').fill('');

    // New messages of this run come after a marker where the previous run ended.
    await connect(page);
    await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('fleet/#', { exact: true })).toBeVisible();
    await publishLines(second.workbench.brokerPort, 'fleet/truck1/speed', ['after the restart']);
    await expect(kept(page)).toHaveText(/^503 messages, 503 kept/);
    const firstOfThisRun = log(page).getByRole('listitem').filter({ hasText: 'after the restart' });
    await expect(firstOfThisRun.getByRole('separator', { name: 'QoScope restarted' })).toHaveText('— QoScope restarted —');

    // Deleting the connection says how much history goes with it, and then deletes it.
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Edit', exact: true })).toBeEnabled();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Delete connection' }).click();
    await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
    expect(asked).toMatch(/^Delete the connection "Embedded broker", its saved subscriptions and its history on disk \(50[23] messages, [\d.]+ KiB\)\?/);
    await expect.poll(() => fs.readdirSync(path.join(dataDir, 'history')), { timeout: 20_000 }).toEqual([]);
  } finally {
    await second.stop();
  }
});
