import net from 'node:net';
import { test, expect } from './browserMode';
import { freePort } from '../test/support/freePort';

test('Broker ports: chosen ports are used; a port another program holds is named and a free one offered, never taken silently', async ({ page, workbench }, testInfo) => {
  // Another program (another broker, say) holds one port on 127.0.0.1.
  const holder = net.createServer();
  const taken = await freePort();
  await new Promise<void>((resolve) => holder.listen(taken, '127.0.0.1', resolve));
  try {
    await page.goto(workbench.url);
    const panel = page.getByRole('region', { name: 'Embedded broker' });
    await expect(panel.getByRole('status', { name: 'Embedded broker status' })).toHaveText(/^Running/);
    await panel.getByText('Ports…').click();

    // Bad input is refused at its field, and the broker is left as it was.
    await panel.getByLabel('MQTT port').fill('70000');
    await panel.getByRole('button', { name: 'Use these ports' }).click();
    await expect(panel.getByLabel('MQTT port')).toHaveAccessibleDescription('A port is a whole number from 1 to 65535');
    await expect(panel.getByRole('status', { name: 'Embedded broker status' })).toHaveText(/^Running/);

    // A chosen port that is free: the broker moves there, and so does its connection.
    const [mqttPort, wsPort] = [await freePort(), await freePort()];
    await panel.getByLabel('MQTT port').fill(String(mqttPort));
    await panel.getByLabel('WebSocket port').fill(String(wsPort));
    await panel.getByRole('button', { name: 'Use these ports' }).click();
    await expect(panel.getByText(`mqtt://127.0.0.1:${mqttPort}`, { exact: true })).toBeVisible();
    await expect(panel.getByText(`ws://127.0.0.1:${wsPort}/mqtt`, { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toContainText(`mqtt://127.0.0.1:${mqttPort}`);

    // A chosen port that is taken: not started elsewhere; the port is named and a free one offered.
    await panel.getByLabel('MQTT port').fill(String(taken));
    await panel.getByRole('button', { name: 'Use these ports' }).click();
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText(`MQTT port ${taken} is in use by another program, so the broker did not start.`);
    await expect(panel.getByRole('status', { name: 'Embedded broker status' })).toHaveText('Stopped');
    const offer = alert.getByRole('button', { name: /^Use port \d+ instead$/ });
    const offered = Number((await offer.textContent())?.match(/\d+/)?.[0]);
    expect(offered).toBeGreaterThan(taken);
    await page.screenshot({ path: testInfo.outputPath('broker-port-taken-1400.png'), fullPage: true });
    await offer.click();
    await expect(panel.getByRole('status', { name: 'Embedded broker status' })).toHaveText(/^Running/);
    await expect(panel.getByText(`mqtt://127.0.0.1:${offered}`, { exact: true })).toBeVisible();
    await expect(panel.getByLabel('MQTT port')).toHaveValue(String(offered));
    await expect(page.getByRole('button', { name: /^Embedded broker,/ })).toContainText(`mqtt://127.0.0.1:${offered}`);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});
