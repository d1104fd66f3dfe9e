import type { Page } from '@playwright/test';
import { encode as cborEncode } from 'cborg';
import { test, expect } from './browserMode';
import { connectClient, nextMessage } from '../test/support/mqttClient';
import { decodeProtobuf, encodeProtobuf } from '../src/shared/payload/codecs/protobufCodec';

async function connectEmbedded(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toBeVisible();
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
}

async function subscribe(page: Page, filter: string) {
  await page.getByLabel('Topic filter').fill(filter);
  await page.getByRole('form', { name: 'Subscribe' }).getByLabel('QoS').selectOption('1');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Active subscriptions' }).getByText(filter, { exact: true })).toBeVisible();
}

/** Replaces what the publish payload editor holds, as a paste would (no auto-closed brackets). */
async function typePayload(page: Page, text: string) {
  await page.getByRole('group', { name: 'Payload editor' }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
}

test('a v5 message with properties and a CBOR payload: details by keyboard, decoded, copied, edited and sent again as hex', async ({ page, workbench }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(workbench.url).origin });
  await connectEmbedded(page, workbench.url);
  await subscribe(page, 'lab/#');

  const device = await connectClient(`mqtt://127.0.0.1:${workbench.brokerPort}`, { protocolVersion: 5, clientId: 'details-device' });
  try {
    await device.publishAsync('lab/hello', 'first', { qos: 1 });
    await expect(page.getByRole('listitem', { name: 'Received on lab/hello' })).toBeVisible();
    await device.publishAsync('lab/cbor', Buffer.from(cborEncode({ temp: 21.5, ok: true })), {
      qos: 1,
      properties: {
        userProperties: { site: 'lab-3', unit: 'C' },
        contentType: 'application/x-sensor',
        correlationData: Buffer.from('req-42'),
      },
    });
    const cborRow = page.getByRole('listitem', { name: 'Received on lab/cbor' });
    await expect(cborRow).toBeVisible();

    // Keyboard only: the first row, one down, Enter.
    await page.getByRole('listitem', { name: 'Received on lab/hello' }).focus();
    await page.keyboard.press('ArrowDown');
    await expect(cborRow).toBeFocused();
    await page.keyboard.press('Enter');

    const details = page.getByRole('region', { name: 'Message details' });
    await expect(details).toBeVisible();
    const fields = details.getByRole('definition');
    await expect(fields.filter({ hasText: 'lab/cbor' })).toHaveCount(1);
    await expect(details.getByRole('term').filter({ hasText: 'Content Type' })).toBeVisible();
    await expect(fields.filter({ hasText: 'application/x-sensor' })).toHaveCount(1);
    await expect(fields.filter({ hasText: 'req-42' })).toHaveCount(1);
    const userProperties = details.getByRole('table', { name: 'User properties' });
    await expect(userProperties.getByRole('row', { name: 'site lab-3' })).toBeVisible();
    await expect(userProperties.getByRole('row', { name: 'unit C' })).toBeVisible();

    // Not UTF-8, so it opens as hex; CBOR decodes it.
    const payload = details.getByLabel('Payload', { exact: true });
    await expect(payload).toHaveText('a2 62 6f 6b f5 64 74 65 6d 70 f9 4d 60');
    await details.getByLabel('Show payload as').selectOption('cbor');
    await expect(payload).toContainText('"temp": 21.5');
    await expect(payload).toContainText('"ok": true');
    // Text cannot read it, and says where.
    await details.getByLabel('Show payload as').selectOption('text');
    await expect(details.getByRole('alert', { name: 'Payload format problem' })).toContainText(/Not valid UTF-8 at byte \d+ — shown as hex/);
    await details.getByLabel('Show payload as').selectOption('cbor');

    // Esc closes the details and puts the focus back on the row; Enter opens them again.
    await details.getByRole('button', { name: 'Copy as base64' }).focus();
    await page.keyboard.press('Escape');
    await expect(details).toHaveCount(0);
    await expect(cborRow).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(details.getByLabel('Show payload as')).toHaveValue('cbor');

    // The log's payload column reads CBOR too, for this view.
    await page.getByLabel('Payloads as').selectOption('cbor');
    await expect(cborRow).toContainText('{ "ok": true, "temp": 21.5 }');
    await page.getByLabel('Payloads as').selectOption('auto');

    await details.getByRole('button', { name: 'Copy topic' }).click();
    await expect(details.getByRole('status').filter({ hasText: 'Copied the topic' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('lab/cbor');

    await details.getByRole('button', { name: 'Edit and publish' }).click();
    const composer = page.getByRole('form', { name: 'Publish' });
    await expect(composer.getByLabel('Topic', { exact: true })).toHaveValue('lab/cbor');
    await expect(composer.getByLabel('Topic', { exact: true })).toBeFocused();
    await expect(composer.getByLabel('Payload format')).toHaveValue('cbor');
    await expect(composer.getByLabel('QoS')).toHaveValue('1');
    await expect(composer.getByRole('group', { name: 'Payload editor' })).toContainText('"temp": 21.5');

    // Hex that is not hex is refused at the editor, and nothing is sent.
    await composer.getByLabel('Topic', { exact: true }).fill('lab/hex');
    await composer.getByLabel('Payload format').selectOption('hex');
    await typePayload(page, 'de ad zz');
    await composer.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(composer.getByRole('alert', { name: 'Payload problem' })).toHaveText('Not hex: "z" at character 7');
    await expect(page.getByRole('listitem', { name: 'Sent on lab/hex' })).toHaveCount(0);

    const arrived = nextMessage(device, 'lab/hex', 10_000);
    await device.subscribeAsync('lab/hex', { qos: 1 });
    await typePayload(page, 'de ad be ef');
    await composer.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(composer.getByRole('status')).toHaveText('Published to lab/hex (acknowledged)');
    expect([...(await arrived).payload]).toEqual([0xde, 0xad, 0xbe, 0xef]);
    await expect(page.getByRole('listitem', { name: 'Received on lab/hex' })).toContainText('hex de ad be ef');
  } finally {
    await device.endAsync();
  }
});

test('Show packet opens the inspector on that message\'s PUBLISH', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await subscribe(page, 'lab/#');
  const device = await connectClient(`mqtt://127.0.0.1:${workbench.brokerPort}`, { protocolVersion: 5 });
  try {
    await device.publishAsync('lab/one', 'a', { qos: 1 });
    await device.publishAsync('lab/two', 'b', { qos: 1 });
  } finally {
    await device.endAsync();
  }
  await page.getByRole('listitem', { name: 'Received on lab/two' }).click();
  await page.getByRole('region', { name: 'Message details' }).getByRole('button', { name: 'Show packet' }).click();
  await expect(page.getByRole('tab', { name: 'Packets' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('status', { name: 'Packets kept' })).toContainText('1 shown');
});

const PROTO = `syntax = "proto3";
package lab;
message Reading { string sensor = 1; double temp = 2; }
`;

test('a Protobuf payload is read with the user\'s .proto file and message type, and published from JSON', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await subscribe(page, 'lab/#');
  const schema = { source: PROTO, type: 'lab.Reading' };
  const encoded = encodeProtobuf(schema, '{"sensor":"s1","temp":21.5}');
  if (!encoded.ok) throw new Error(encoded.error);
  const device = await connectClient(`mqtt://127.0.0.1:${workbench.brokerPort}`, { protocolVersion: 5 });
  try {
    await device.publishAsync('lab/proto', Buffer.from(encoded.value), { qos: 1 });
    await page.getByRole('listitem', { name: 'Received on lab/proto' }).click();
    const details = page.getByRole('region', { name: 'Message details' });
    await details.getByLabel('Show payload as').selectOption('protobuf');
    await expect(details.getByRole('alert', { name: 'Payload format problem' })).toContainText('Choose a .proto file');
    await details.getByLabel('.proto file').setInputFiles({ name: 'lab.proto', mimeType: 'text/plain', buffer: Buffer.from(PROTO) });
    await expect(details.getByLabel('Message type')).toHaveValue('lab.Reading');
    await expect(details.getByLabel('Payload', { exact: true })).toContainText('"temp": 21.5');

    await details.getByRole('button', { name: 'Edit and publish' }).click();
    const composer = page.getByRole('form', { name: 'Publish' });
    await expect(composer.getByLabel('Payload format')).toHaveValue('protobuf');
    await composer.getByLabel('Topic', { exact: true }).fill('lab/proto2');
    await typePayload(page, '{"sensor": "s2", "temp": "warm"}');
    await composer.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(composer.getByRole('alert', { name: 'Payload problem' })).toHaveText('Does not fit lab.Reading: temp cannot be "warm"');

    const arrived = nextMessage(device, 'lab/proto2', 10_000);
    await device.subscribeAsync('lab/proto2', { qos: 1 });
    await typePayload(page, '{"sensor": "s2", "temp": 19}');
    await composer.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(composer.getByRole('status')).toHaveText('Published to lab/proto2 (acknowledged)');
    expect(decodeProtobuf(schema, new Uint8Array((await arrived).payload))).toEqual({ ok: true, value: JSON.stringify({ sensor: 's2', temp: 19 }, null, 2) });
  } finally {
    await device.endAsync();
  }
});

test('a subscription reads its payloads in the format chosen for it, in the log and in the details', async ({ page, workbench }) => {
  await connectEmbedded(page, workbench.url);
  await page.getByLabel('Topic filter').fill('sensors/cbor/#');
  await page.getByRole('form', { name: 'Subscribe' }).getByLabel('Decode as').selectOption('cbor');
  await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
  const subscription = page.getByRole('list', { name: 'Active subscriptions' }).getByRole('listitem', { name: 'sensors/cbor/#' });
  await expect(subscription).toContainText('decoded as CBOR');
  await subscribe(page, 'sensors/raw/#');

  const device = await connectClient(`mqtt://127.0.0.1:${workbench.brokerPort}`, { clientId: 'format-device' });
  try {
    const bytes = Buffer.from(cborEncode({ temp: 21.5 }));
    await device.publishAsync('sensors/cbor/a', bytes, { qos: 1 });
    await device.publishAsync('sensors/raw/a', bytes, { qos: 1 });
    // The CBOR subscription's row reads the bytes as CBOR; the other stays hex.
    const cborRow = page.getByRole('listitem', { name: 'Received on sensors/cbor/a' });
    await expect(cborRow).toContainText('"temp": 21.5');
    await expect(page.getByRole('listitem', { name: 'Received on sensors/raw/a' })).toContainText('a1 64 74 65 6d 70');
    await cborRow.click();
    const details = page.getByRole('region', { name: 'Message details' });
    await expect(details.getByLabel('Show payload as')).toHaveValue('cbor');
    await expect(details.getByLabel('Payload', { exact: true })).toContainText('"temp": 21.5');
  } finally {
    await device.endAsync(true);
  }
});
