import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect } from './browserMode';
import { mosquittoPub } from '../test/support/mosquittoClients';
import { parseCsv } from '../test/support/csv';

const BINARY = Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff]);

async function connectEmbedded(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

/** Subscribes to everything and publishes three messages: plain text, CSV-hostile text, binary. */
async function receiveSamples(page: Page, brokerPort: number) {
  const form = page.getByRole('form', { name: 'Subscribe' });
  await form.getByLabel('Topic filter').fill('#');
  await form.getByLabel('QoS').selectOption('1');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('#', { exact: true })).toBeVisible();

  await mosquittoPub({ port: brokerPort, topic: 'lab/temp', message: '21.5', qos: 1 });
  await mosquittoPub({ port: brokerPort, topic: 'lab/note', message: 'say "hi", then =go' });
  await mosquittoPub({ port: brokerPort, topic: 'lab/bin', message: BINARY });
  await expect(page.getByRole('listitem', { name: 'Received on lab/bin' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Messages kept' })).toHaveText(/^3 messages, 3 kept/);
}

/** Clicks a download link the way a user does and reads the file the browser saved. */
async function download(page: Page, linkName: string) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

test('a user downloads the kept messages as CSV and as JSON Lines', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await receiveSamples(page, workbench.brokerPort);

  const csv = await download(page, 'Export CSV');
  expect(csv.name).toMatch(/^Embedded-broker-messages-\d{8}-\d{6}\.csv$/);
  const [header, ...rows] = parseCsv(csv.text);
  expect(header).toEqual(['seq', 'time', 'direction', 'topic', 'qos', 'retain', 'dup', 'payload_encoding', 'payload', 'size']);
  expect(rows.map(([, time, ...rest]) => [/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(time!), ...rest])).toEqual([
    [true, 'in', 'lab/temp', '1', 'false', 'false', 'utf8', '21.5', '4'],
    [true, 'in', 'lab/note', '0', 'false', 'false', 'utf8', 'say "hi", then =go', '18'],
    [true, 'in', 'lab/bin', '0', 'false', 'false', 'base64', BINARY.toString('base64'), '5'],
  ]);

  const jsonl = await download(page, 'Export JSON Lines');
  expect(jsonl.name).toMatch(/^Embedded-broker-messages-\d{8}-\d{6}\.jsonl$/);
  const lines = jsonl.text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(lines.map(({ topic, payload, size }) => [topic, payload, size])).toEqual([
    ['lab/temp', '21.5', 4],
    ['lab/note', 'say "hi", then =go', 18],
    ['lab/bin', null, 5],
  ]);
  expect(Buffer.from(lines[2]!.payloadBase64 as string, 'base64').equals(BINARY)).toBe(true);
});

test('the export follows the log search', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await receiveSamples(page, workbench.brokerPort);

  const search = page.getByRole('search', { name: 'Search messages' });
  await search.getByRole('searchbox').fill('HI');
  await search.getByRole('textbox', { name: /topic/i }).fill('lab/+');
  await expect(page.getByRole('link', { name: 'Export JSON Lines' })).toHaveAttribute('href', /topicFilter=lab%2F%2B.*&text=HI|text=HI.*topicFilter=lab%2F%2B/);

  const jsonl = await download(page, 'Export JSON Lines');
  expect(jsonl.text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { topic: string }).topic)).toEqual(['lab/note']);
});

test('the export answers only this run\'s UI, and says what is wrong with a request', async ({ page, workbench }) => {
  const path = 'export/messages?connection=anything&format=csv';
  // Another program on this machine, without the token in its path.
  expect((await fetch(`${workbench.origin}/${path}`)).status).toBe(401);
  expect((await fetch(`${workbench.origin}/s/not-the-token/${path}`)).status).toBe(401);

  await connectEmbedded(page, workbench.url);
  const unknown = await page.request.get(`${workbench.url}${path}`);
  expect(unknown.status()).toBe(404);
  expect(await unknown.text()).toContain('No connection with id "anything"');

  const badFormat = await page.request.get(`${workbench.url}export/messages?connection=anything&format=xml`);
  expect(badFormat.status()).toBe(400);
  expect(await badFormat.text()).toContain('format: must be jsonl or csv');

  const badFilter = await page.request.get(`${workbench.url}export/messages?connection=anything&format=csv&topicFilter=a%2F%23%2Fb`);
  expect(badFilter.status()).toBe(400);
  expect(await badFilter.text()).toContain('topicFilter:');
});
