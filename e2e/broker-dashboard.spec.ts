import mqtt from 'mqtt';
import { test, expect } from './browserMode';

/** A device on the user's network: a real MQTT.js client of the embedded broker. */
function device(port: number, options: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  return mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0, ...options });
}

test('Broker view: a client appears with its details, its packets can be inspected, and it is disconnected; a retained message is deleted', async ({ page, workbench }, testInfo) => {
  await page.goto(workbench.url);
  await page.getByRole('region', { name: 'Embedded broker' }).getByRole('button', { name: 'Broker view…' }).click();
  const view = page.getByRole('region', { name: 'Embedded broker' }).filter({ has: page.getByRole('tablist', { name: 'Broker sections' }) });

  // Capture on, so the device's own packets are there to inspect.
  await view.getByRole('tab', { name: 'Settings' }).click();
  await view.getByRole('checkbox', { name: 'Capture clients’ packets' }).click();
  await expect(view.getByRole('checkbox', { name: 'Capture clients’ packets' })).toBeChecked();

  const esp = await device(workbench.brokerPort, { clientId: 'esp32-kitchen', protocolVersion: 5, keepalive: 45 });
  try {
    await esp.subscribeAsync('cmd/kitchen/#', { qos: 1 });
    await esp.publishAsync('sensors/kitchen/temp', '21.5', { qos: 2, retain: true });
    await view.getByRole('tab', { name: 'Clients' }).click();
    const row = view.getByRole('row', { name: /esp32-kitchen/ });
    await expect(row).toContainText('MQTT 5.0');
    await expect(row).toContainText('45 s');
    await expect(row).toContainText('cmd/kitchen/# (QoS 1)');
    await page.screenshot({ path: testInfo.outputPath('broker-view-clients-1400.png'), fullPage: true });

    // The device's QoS 2 handshake, as the broker saw it.
    await row.getByRole('button', { name: 'Packets of esp32-kitchen' }).click();
    const packets = view.getByRole('region', { name: 'Packets of esp32-kitchen' });
    // Directions are the device's own: it sent the CONNECT, PUBLISH and PUBREL.
    const list = packets.getByRole('listbox', { name: 'Packets' });
    await expect(list.getByRole('option', { name: /^1 sent CONNECT$/ })).toBeVisible();
    await expect(list.getByRole('option', { name: /sent PUBLISH id \d+$/ })).toBeVisible();
    await expect(list.getByRole('option', { name: /received PUBREC id \d+$/ })).toBeVisible();
    await expect(list.getByRole('option', { name: /sent PUBREL id \d+$/ })).toBeVisible();
    await expect(list.getByRole('option', { name: /received PUBCOMP id \d+$/ })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('broker-view-packets-1400.png'), fullPage: true });

    let closed = false;
    esp.on('close', () => (closed = true));
    await row.getByRole('button', { name: 'Disconnect esp32-kitchen' }).click();
    await expect(view.getByRole('row', { name: /esp32-kitchen/ })).toHaveCount(0);
    await expect.poll(() => closed).toBe(true);
    await view.getByRole('tab', { name: 'Events' }).click();
    await expect(view.getByRole('log', { name: 'Broker events' })).toContainText('esp32-kitchen connected from 127.0.0.1:');
    await expect(view.getByRole('log', { name: 'Broker events' })).toContainText('esp32-kitchen disconnected');
  } finally {
    esp.end(true);
  }

  // The retained message it left: found, read, deleted, and gone for a new subscriber too.
  await view.getByRole('tab', { name: 'Retained' }).click();
  await view.getByLabel('Search topics').fill('kitchen');
  const retained = view.getByRole('table', { name: 'Retained messages' });
  await expect(retained.getByRole('row', { name: /sensors\/kitchen\/temp/ })).toContainText('21.5');
  await retained.getByRole('button', { name: 'Delete retained message on sensors/kitchen/temp' }).click();
  await expect(retained.getByRole('row', { name: /sensors\/kitchen\/temp/ })).toHaveCount(0);
  const checker = await device(workbench.brokerPort);
  try {
    const seen: string[] = [];
    checker.on('message', (topic) => seen.push(topic));
    await checker.subscribeAsync('sensors/#');
    await checker.publishAsync('sensors/marker', 'live');
    await expect.poll(() => seen).toEqual(['sensors/marker']);
  } finally {
    checker.end(true);
  }
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('broker-view-retained-1024.png'), fullPage: true });
});

test('Broker view: a user with a password, anonymous off — a wrong password is refused and the reason shown; bad rules are refused at their field', async ({ page, workbench }) => {
  await page.goto(workbench.url);
  await page.getByRole('button', { name: 'Broker view…' }).click();
  const view = page.getByRole('region', { name: 'Embedded broker' }).filter({ has: page.getByRole('tablist', { name: 'Broker sections' }) });
  await view.getByRole('tab', { name: 'Settings' }).click();

  const form = view.getByRole('form', { name: 'Add or change a user' });
  await form.getByLabel('Username', { exact: true }).fill('alice');
  await form.getByLabel('Password', { exact: true }).fill('s3cret');
  await form.getByLabel(/^Topic rules/).fill('readwrite devices/%u/#\nreadd other/#');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(form.getByRole('alert')).toHaveText('Line 2: "readd" is not read, write or readwrite');
  await expect(view.getByText('No users yet.')).toBeVisible();
  await form.getByLabel(/^Topic rules/).fill('readwrite devices/%u/#');
  await form.getByRole('button', { name: 'Add user' }).click();
  await expect(view.getByRole('list', { name: 'Users' })).toContainText('alice');

  // Listening on the network is refused while anonymous clients are allowed, and says why.
  await view.getByRole('checkbox', { name: 'Listen on the network' }).click();
  await expect(view.getByRole('alert').first()).toContainText('Listening on the network needs anonymous access off');
  await expect(view.getByRole('checkbox', { name: 'Listen on the network' })).not.toBeChecked();

  await view.getByRole('checkbox', { name: 'Allow clients without a username' }).click();
  await expect(view.getByRole('checkbox', { name: 'Allow clients without a username' })).not.toBeChecked();

  await expect(device(workbench.brokerPort, { username: 'alice', password: 'wrong', protocolVersion: 5 })).rejects.toMatchObject({ code: 134 });
  await expect(device(workbench.brokerPort, { protocolVersion: 4 })).rejects.toMatchObject({ code: 5 });
  const alice = await device(workbench.brokerPort, { username: 'alice', password: 's3cret', clientId: 'alice-phone' });
  alice.end(true);

  await view.getByRole('tab', { name: 'Events' }).click();
  const log = view.getByRole('log', { name: 'Broker events' });
  await expect(log).toContainText('wrong password for alice');
  await expect(log).toContainText('alice-phone connected from');
});

test('Broker view: TLS listeners with a certificate made for this run — the fingerprint is shown, and a device trusting the saved certificate connects', async ({ page, workbench }, testInfo) => {
  const { freePort } = await import('../test/support/freePort');
  const [mqttsPort, wssPort] = [await freePort(), await freePort()];
  await page.goto(workbench.url);
  await page.getByRole('button', { name: 'Broker view…' }).click();
  const view = page.getByRole('region', { name: 'Embedded broker' }).filter({ has: page.getByRole('tablist', { name: 'Broker sections' }) });
  await view.getByRole('tab', { name: 'Settings' }).click();
  const tls = view.getByRole('group', { name: 'Encrypted listeners (TLS)' });
  await tls.getByRole('checkbox', { name: 'MQTT and WebSocket over TLS' }).check();
  // A bad port is refused at its field, and nothing is applied.
  await tls.getByLabel('MQTT over TLS port').fill('99999');
  await tls.getByRole('button', { name: 'Apply TLS settings' }).click();
  await expect(tls.getByLabel('MQTT over TLS port')).toHaveAccessibleDescription('A port is a number from 1 to 65535');
  await tls.getByLabel('MQTT over TLS port').fill(String(mqttsPort));
  await tls.getByLabel('WebSocket over TLS port').fill(String(wssPort));
  await tls.getByRole('button', { name: 'Apply TLS settings' }).click();
  const running = tls.getByRole('status', { name: 'TLS listeners' });
  await expect(running).toContainText(`mqtts on ${mqttsPort}, wss on ${wssPort}`);
  const fingerprint = (await running.locator('code').textContent()) ?? '';
  expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  await expect(page.getByRole('region', { name: 'Embedded broker' }).first()).toContainText(`mqtts://127.0.0.1:${mqttsPort}`);
  await running.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('broker-view-tls-1400.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('broker-view-tls-1024.png') });

  const [download] = await Promise.all([page.waitForEvent('download'), running.getByRole('button', { name: 'Save certificate (for devices to trust)' }).click()]);
  const { readFile } = await import('node:fs/promises');
  const ca = await readFile((await download.path())!, 'utf8');
  const phone = await mqtt.connectAsync(`mqtts://127.0.0.1:${mqttsPort}`, { ca, rejectUnauthorized: true, reconnectPeriod: 0 });
  try {
    const socket = (phone as unknown as { stream: { getPeerCertificate(): { fingerprint256: string } } }).stream;
    expect(socket.getPeerCertificate().fingerprint256).toBe(fingerprint);
  } finally {
    phone.end(true);
  }
});
