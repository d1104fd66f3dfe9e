import { test, expect, addConnection } from './browserMode';
import type { Page } from '@playwright/test';
import { startMosquitto } from '../test/support/mosquitto';
import { connectClient } from '../test/support/mqttClient';

const connectTo = (page: Page, port: number) => addConnection(page, { name: 'Workbench broker', port });

async function typePayload(page: Page, text: string): Promise<void> {
  await page.getByRole('group', { name: 'Payload editor' }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

test('repeat with placeholders and a counter, templates kept with the connection, and sent messages searched and sent again', async ({ page, workbench }, testInfo) => {
  const broker = await startMosquitto();
  const watcher = await connectClient(broker.url, { clientId: 'workbench-watcher' });
  try {
    const seen: { topic: string; payload: string }[] = [];
    watcher.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString('utf8') }));
    await watcher.subscribeAsync('bench/#', { qos: 1 });
    await page.goto(workbench.url);
    await connectTo(page, broker.port);
    const form = page.getByRole('form', { name: 'Publish' });

    // Repeat: a bad interval is refused at its field and nothing is sent.
    await form.getByLabel('Topic', { exact: true }).fill('bench/repeat');
    await typePayload(page, '{"n": {{seq}}, "id": "{{uuid}}"}');
    await page.getByText('Repeat', { exact: true }).click();
    await page.getByLabel('Every (ms)').fill('5');
    await page.getByRole('button', { name: 'Start repeating' }).click();
    await expect(page.getByLabel('Every (ms)')).toHaveAccessibleDescription(/from 10 to 86,400,000/);
    await page.getByLabel('Every (ms)').fill('50');
    await page.getByLabel('Times (empty: until stopped)').fill('5');
    await page.getByRole('button', { name: 'Start repeating' }).click();
    await expect(page.getByRole('status', { name: 'Repeat progress' })).toHaveText('Sent 5 of 5');
    await expect.poll(() => seen.filter((m) => m.topic === 'bench/repeat').length).toBe(5);
    const repeated = seen.filter((m) => m.topic === 'bench/repeat').map((m) => JSON.parse(m.payload) as { n: number; id: string });
    expect(repeated.map((m) => m.n)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(repeated.map((m) => m.id)).size).toBe(5);

    // Until stopped: the counter runs, and Stop stops it.
    await page.getByLabel('Times (empty: until stopped)').fill('');
    await page.getByRole('button', { name: 'Start repeating' }).click();
    await expect(page.getByRole('status', { name: 'Repeat progress' })).toHaveText(/^Sent ([3-9]|\d\d+), until stopped$/);
    await page.getByRole('button', { name: 'Stop repeating' }).click();
    await expect(page.getByRole('status', { name: 'Repeat progress' })).toHaveText(/^Stopped after \d+$/);

    // Templates: saved with the connection (still there after a reload), used, deleted.
    await form.getByLabel('Topic', { exact: true }).fill('bench/template');
    await typePayload(page, 'from a template');
    await page.getByText(/^Templates \(0\)$/).click();
    await page.getByRole('button', { name: 'Save template' }).click();
    await expect(page.getByLabel('Save the message above as')).toHaveAccessibleDescription('Give the template a name');
    await page.getByLabel('Save the message above as').fill('Door open');
    await page.getByRole('button', { name: 'Save template' }).click();
    await expect(page.getByText('Saved template “Door open”')).toBeVisible();
    await page.reload();
    await page.getByText(/^Templates \(1\)$/).click();
    await page.getByLabel('Template', { exact: true }).selectOption('Door open');
    await page.getByRole('button', { name: 'Use template' }).click();
    await expect(form.getByLabel('Topic', { exact: true })).toHaveValue('bench/template');
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => seen.some((m) => m.topic === 'bench/template' && m.payload === 'from a template')).toBe(true);

    // Sent messages: searchable, and sent again as they were.
    await page.getByText('Sent messages', { exact: true }).click();
    await page.getByLabel('Search sent messages').fill('template');
    const list = page.getByRole('list', { name: 'Sent messages, newest first' });
    await expect(list.getByRole('listitem')).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('publish-workbench-1400.png'), fullPage: true });
    await list.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => seen.filter((m) => m.topic === 'bench/template').length).toBe(2);

    await page.getByRole('button', { name: 'Delete template' }).click();
    await expect(page.getByText(/^Templates \(0\)$/)).toBeVisible();
  } finally {
    await watcher.endAsync(true);
    await broker.stop();
  }
});
