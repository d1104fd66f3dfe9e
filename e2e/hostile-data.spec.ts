import type { Page } from '@playwright/test';
import type { MqttClient } from 'mqtt';
import { test, expect } from './browserMode';
import { connectClient } from '../test/support/mqttClient';

/** Markup and script a hostile device could put anywhere in a message; each would set its own number. */
const IMG = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=2</script>';
const JS_URL = 'javascript:window.__pwned=3';
const SVG = '"><svg onload=window.__pwned=4>';

type Observed = { dialogs: string[]; consoleErrors: string[]; pageErrors: string[] };

/** Everything that would tell us something ran or was blocked from running, from before the page loads. */
async function watch(page: Page): Promise<Observed> {
  const observed: Observed = { dialogs: [], consoleErrors: [], pageErrors: [] };
  page.on('dialog', (dialog) => {
    observed.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') observed.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => observed.pageErrors.push(error.message));
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __violations: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      // zod probes once whether `new Function` is allowed (and falls back when it is not): the
      // CSP refusing that is the app's own code, not data. Injected markup shows as inline or img.
      if (event.blockedURI === 'eval' && event.sourceFile.startsWith(location.origin)) return;
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return observed;
}

/** Nothing ran, nothing was refused by the CSP, and none of the markup became elements. */
async function expectInert(page: Page, observed: Observed, view: string) {
  const found = await page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown; __violations: string[] };
    const elements: Element[] = Array.from(document.querySelectorAll('*'));
    return {
      pwned: w.__pwned ?? null,
      violations: w.__violations,
      handlerAttributes: elements.flatMap((element) => element.getAttributeNames().filter((name: string) => name.startsWith('on')).map((name: string) => `${element.tagName} ${name}`)),
      scriptLinks: elements.filter((element) => /^\s*javascript:/i.test(element.getAttribute('href') ?? element.getAttribute('src') ?? '')).length,
      injectedImages: document.querySelectorAll('img[src="x"]').length,
      injectedScripts: Array.from(document.scripts).filter((script: HTMLScriptElement) => script.textContent?.includes('__pwned')).length,
    };
  });
  expect({ view, ...found, ...observed }).toEqual({
    view,
    pwned: null,
    violations: [],
    handlerAttributes: [],
    scriptLinks: 0,
    injectedImages: 0,
    injectedScripts: 0,
    dialogs: [],
    consoleErrors: [],
    pageErrors: [],
  });
}

/** A hostile device on the embedded broker: markup in topics, payloads, JSON keys and values, and MQTT 5 properties. */
async function publishHostile(client: MqttClient) {
  const json = JSON.stringify({ [IMG]: SCRIPT, link: JS_URL, [SVG]: [IMG, { [SCRIPT]: SVG }] });
  await client.publishAsync(`hostile/${IMG}`, json, {
    qos: 1,
    properties: {
      contentType: SVG,
      userProperties: { [IMG]: SCRIPT, link: JS_URL },
      responseTopic: `reply/${SVG}`,
      correlationData: Buffer.from(SCRIPT),
    },
  });
  await client.publishAsync(`hostile/${SVG}`, SCRIPT, { qos: 1, properties: { contentType: IMG } });
  await client.publishAsync(`hostile/${JS_URL}`, JS_URL, { qos: 1 });
  await client.publishAsync(`hostile/${SCRIPT}`, SVG, { qos: 1, properties: { userProperties: { [SVG]: IMG } } });
}

async function run(page: Page, url: string, brokerPort: number) {
  const observed = await watch(page);
  await page.goto(url);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
  const form = page.getByRole('form', { name: 'Subscribe' });
  await form.getByLabel('Topic filter').fill('hostile/#');
  await form.getByLabel('QoS').selectOption('1');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText('hostile/#')).toBeVisible();

  const device = await connectClient(`mqtt://127.0.0.1:${brokerPort}`, { protocolVersion: 5 });
  try {
    await publishHostile(device);
  } finally {
    await device.endAsync();
  }

  // Messages: topics and payloads as text.
  const log = page.getByRole('list', { name: 'Message log' });
  await expect(log.getByRole('listitem')).toHaveCount(4);
  await expect(log.getByRole('listitem', { name: `Received on hostile/${IMG}` })).toContainText(JSON.stringify({ [IMG]: SCRIPT }).slice(1, -1));
  await expect(log.getByRole('listitem', { name: `Received on hostile/${SVG}` })).toContainText(SCRIPT);
  await expect(log.getByRole('listitem', { name: `Received on hostile/${JS_URL}` })).toContainText(JS_URL);
  await expect(log.getByRole('listitem', { name: `Received on hostile/${SCRIPT}` })).toContainText(SVG);
  await expectInert(page, observed, 'messages');

  // Message details: every property by name, user properties in a table, the payload as JSON.
  await log.getByRole('listitem', { name: `Received on hostile/${IMG}` }).click();
  const message = page.getByRole('region', { name: 'Message details' });
  await expect(message.getByRole('definition').filter({ hasText: `reply/${SVG}` })).toHaveCount(1);
  await expect(message.getByRole('definition').filter({ hasText: SCRIPT })).toHaveCount(1);
  await expect(message.getByRole('table', { name: 'User properties' }).getByRole('cell', { name: IMG, exact: true })).toBeVisible();
  await message.getByLabel('Show payload as').selectOption('json');
  await expect(message.getByLabel('Payload', { exact: true })).toContainText(JS_URL);
  await expectInert(page, observed, 'message details');

  // Topics: the tree's level names and a topic's details.
  await page.getByRole('tab', { name: 'Topics' }).click();
  const tree = page.getByRole('tree', { name: 'Topic tree' });
  await tree.getByRole('treeitem', { name: /^hostile,/ }).click();
  await page.keyboard.press('ArrowRight');
  for (const level of [IMG, SVG, JS_URL]) await expect(tree.getByRole('treeitem', { name: `${level}, 1 message` })).toBeVisible();
  await tree.getByRole('treeitem', { name: `${IMG}, 1 message` }).click();
  const details = page.getByRole('region', { name: `Topic hostile/${IMG}` });
  await expect(details.getByRole('region', { name: 'Last payload' })).toContainText(IMG);
  await expect(details.getByRole('region', { name: 'Last payload' })).toContainText(JS_URL);
  await expectInert(page, observed, 'topics');

  // Packets: the list and the field tree of the PUBLISH that carried every property.
  await page.getByRole('tab', { name: 'Packets' }).click();
  await page.getByRole('option', { name: /received PUBLISH/ }).first().click();
  const fields = page.getByRole('tree', { name: 'Packet fields' });
  await expect(fields.getByRole('treeitem', { name: /^Topic name: / })).toContainText(`hostile/${IMG}`);
  await expect(fields.getByRole('treeitem', { name: /^Content Type: / })).toContainText(SVG);
  await expect(fields.getByRole('treeitem', { name: /^User Property: / }).first()).toContainText(`${IMG} = `);
  await expect(fields.getByRole('treeitem', { name: /^User Property: / }).first()).toContainText(SCRIPT);
  await expect(fields.getByRole('treeitem', { name: /^Response Topic: / })).toContainText(`reply/${SVG}`);
  await expectInert(page, observed, 'packets');

  // Flows: one QoS 1 flow per message, titled with its topic.
  await page.getByRole('tab', { name: 'Flows' }).click();
  for (const topic of [IMG, SVG, JS_URL, SCRIPT]) {
    await expect(page.getByRole('article', { name: new RegExp(`^QoS 1, packet id \\d+, ${escapeRegExp(`hostile/${topic}`)}: complete`) })).toContainText(`hostile/${topic}`);
  }
  await expectInert(page, observed, 'flows');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('hostile strings in topics, payloads, JSON and MQTT 5 properties show as text in every view and never run', async ({ page, workbench }) => {
  await run(page, workbench.url, workbench.brokerPort);
});

test.describe('with the Content-Security-Policy switched off', () => {
  // The CSP is the second wall; this checks the first one: the views never make markup from data.
  test.use({ bypassCSP: true });
  test('the same strings still show as text and never run', async ({ page, workbench }) => {
    await run(page, workbench.url, workbench.brokerPort);
  });
});
