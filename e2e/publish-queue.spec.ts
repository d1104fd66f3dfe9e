import { test, expect, addConnection } from './browserMode';
import { startMosquitto } from '../test/support/mosquitto';
import { connectClient } from '../test/support/mqttClient';

test('a QoS 1 publish says it waits for PUBACK, further clicks queue with a count and go out in order', async ({ page, workbench }) => {
  const broker = await startMosquitto();
  const watcher = await connectClient(broker.url, { clientId: 'queue-watcher' });
  try {
    const seen: string[] = [];
    watcher.on('message', (_topic, payload) => seen.push(payload.toString('utf8')));
    await watcher.subscribeAsync('queue/#', { qos: 1 });

    await page.goto(workbench.url);
    await addConnection(page, { name: 'Queue broker', port: broker.port });

    const form = page.getByRole('form', { name: 'Publish' });
    await form.getByLabel('Topic', { exact: true }).fill('queue/a');
    await form.getByLabel('QoS').selectOption('1');
    const typePayload = async (text: string) => {
      await page.getByRole('group', { name: 'Payload editor' }).click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(text);
    };

    // A frozen broker keeps the connection but acknowledges nothing until it is thawed.
    broker.freeze();
    await typePayload('one');
    await form.getByRole('button', { name: 'Publish', exact: true }).click();
    const waiting = form.getByRole('button', { name: 'Waiting for PUBACK…' });
    await expect(waiting).toBeVisible();
    await typePayload('two');
    await waiting.click();
    await typePayload('three');
    await waiting.click();
    await expect(form.getByRole('status', { name: 'Publish queue' })).toHaveText('2 queued');

    broker.thaw();
    await expect(form.getByRole('button', { name: 'Publish', exact: true })).toBeVisible();
    await expect(form.getByRole('status', { name: 'Publish queue' })).toHaveCount(0);
    await expect.poll(() => seen.join(',')).toBe('one,two,three');
  } finally {
    broker.thaw();
    await watcher.endAsync(true);
    await broker.stop();
  }
});
