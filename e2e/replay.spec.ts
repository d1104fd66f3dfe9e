import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IPublishPacket } from 'mqtt';
import { test, expect, addConnection } from './browserMode';
import { startMosquitto } from '../test/support/mosquitto';
import { connectClient } from '../test/support/mqttClient';

/** Lines as the log's JSON Lines export writes them (see messageJson). */
function line(at: number, fields: Record<string, unknown>): string {
  return JSON.stringify({ seq: 1, time: new Date(Date.UTC(2026, 11, 5, 12, 0, 0) + at).toISOString(), direction: 'in', qos: 0, retain: false, dup: false, ...fields });
}

test('Replay… publishes an exported recording again: a bad line is named and nothing sent; then every message, bytes and properties intact; a loop stops on Stop', async ({ page, workbench }, testInfo) => {
  const broker = await startMosquitto();
  const watcher = await connectClient(broker.url, { clientId: 'replay-watcher', protocolVersion: 5 });
  const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-replay-'));
  try {
    const seen: IPublishPacket[] = [];
    watcher.on('message', (_topic, _payload, packet) => seen.push(packet));
    await watcher.subscribeAsync('replay/#', { qos: 2 });

    const bad = path.join(dir, 'bad.jsonl');
    await writeFile(bad, [line(0, { topic: 'replay/a', payload: 'one' }), line(100, { topic: 'replay/#', payload: 'two' })].join('\n'));
    const good = path.join(dir, 'shift.jsonl');
    await writeFile(
      good,
      [
        line(0, { topic: 'replay/온도', payload: '21.5 °C', qos: 1 }),
        line(150, { topic: 'replay/bin', payload: null, payloadBase64: 'AP8Q', size: 3 }),
        line(300, { topic: 'replay/props', payload: '{"ok":true}', qos: 2, properties: { contentType: 'application/json', userProperties: { shift: 'night' } } }),
        line(450, { topic: 'replay/kept', payload: 'last', retain: true, qos: 1 }),
      ].join('\r\n') + '\r\n',
    );

    await page.goto(workbench.url);
    await addConnection(page, { name: 'Replay broker', port: broker.port });

    await page.getByText('Replay a recording…', { exact: true }).click();
    const file = page.getByLabel('Recording (JSON Lines)');
    // Start with no file: told at the file field.
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect(file).toHaveAccessibleDescription('Choose a recording first');
    // A bad line is named when the file is chosen, and Start sends nothing.
    await file.setInputFiles(bad);
    await expect(file).toHaveAccessibleDescription(/^bad\.jsonl line 2: topic: .*; nothing was sent$/);
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect(page.getByRole('status', { name: 'Replay progress' })).toHaveCount(0);
    // A speed that is not one is refused at its field.
    await file.setInputFiles(good);
    await expect(file).toHaveAccessibleDescription('4 messages over 0.5 s');
    const speed = page.getByLabel('Speed (2 = twice as fast, 0 = no waiting)');
    await speed.fill('fast');
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect(speed).toHaveAccessibleDescription(/^Speed must be a number/);
    expect(seen).toHaveLength(0);

    await speed.fill('2');
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect(page.getByRole('status', { name: 'Replay progress' })).toHaveText('Replayed 4 messages');
    await expect.poll(() => seen.length).toBe(4);
    expect(seen.map((p) => p.topic)).toEqual(['replay/온도', 'replay/bin', 'replay/props', 'replay/kept']);
    expect(Buffer.from(seen[0]!.payload).toString('utf8')).toBe('21.5 °C');
    expect(Buffer.from(seen[1]!.payload).toString('hex')).toBe('00ff10');
    expect(seen[2]!.properties).toMatchObject({ contentType: 'application/json', userProperties: { shift: 'night' } });
    expect(seen[2]!.qos).toBe(2);
    const late = await connectClient(broker.url, { clientId: 'replay-late' });
    const retained = new Promise<string>((resolve) => late.on('message', (_t, payload, packet) => packet.retain && resolve(payload.toString())));
    await late.subscribeAsync('replay/kept', { qos: 1 });
    expect(await retained).toBe('last');
    await late.endAsync();

    // In a loop until stopped.
    await page.getByLabel('Loop until stopped').check();
    await page.getByRole('button', { name: 'Start replay' }).click();
    await expect(page.getByRole('status', { name: 'Replay progress' })).toHaveText(/^Replaying in a loop: sent ([5-9]|\d\d+) \(4 per round\)$/);
    await page.getByText('Replay a recording…', { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('replay-1400.png') });
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByText('Replay a recording…', { exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath('replay-1024.png') });
    await page.getByRole('button', { name: 'Stop replay' }).click();
    await expect(page.getByRole('status', { name: 'Replay progress' })).toHaveText(/^Stopped after \d+$/);
    const after = seen.length;
    await page.waitForTimeout(500);
    expect(seen.length).toBe(after);
  } finally {
    await watcher.endAsync();
    await broker.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
