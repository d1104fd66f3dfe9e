/**
 * A large message never travels to the UI whole: the batch carries its first 4 KiB (a row's preview) and its size,
 * and the exact bytes come from the engine when the user asks (Save payload…).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PREVIEW_BYTES } from '../../src/main/store/messageStore';
import { ROW_PREVIEW_BYTES } from '../../src/shared/domain/message';
import { MessagesManager } from '../../src/main/engine/messagesManager';
import { EngineHarness, connectAndSubscribe, embeddedBrokerFactory, profileFor, type TestBroker } from './harness';

let broker: TestBroker;
let harness: EngineHarness;
beforeAll(async () => {
  broker = await embeddedBrokerFactory.start();
  harness = new EngineHarness();
});
afterAll(async () => {
  await harness.dispose();
  await broker.stop();
});

it('sends a 3 MB payload to the UI as a 4 KiB row preview with its size, and returns the exact bytes on demand', async () => {
  const id = await connectAndSubscribe(harness, profileFor(broker.port, { protocolVersion: 4 }), 'big/#', 1);
  const payload = new Uint8Array(3 * 1024 * 1024);
  for (let i = 0; i < payload.length; i += 1) payload[i] = (i * 7919) & 0xff;

  await harness.registry.publish(id, { topic: 'big/blob', payload, qos: 1, retain: false });
  const [received] = await harness.waitForReceived(id, 'big/blob');

  expect(received?.size).toBe(payload.byteLength);
  expect(received?.payload.byteLength).toBe(ROW_PREVIEW_BYTES);
  expect(Buffer.from(received!.payload).equals(Buffer.from(payload.subarray(0, ROW_PREVIEW_BYTES)))).toBe(true);
  const full = await harness.registry.payload(id, received!.seq);
  expect(full && Buffer.from(full).equals(Buffer.from(payload))).toBe(true);

  // A small message is not touched.
  await harness.registry.publish(id, { topic: 'big/small', payload: new Uint8Array([1, 2, 3]), qos: 1, retain: false });
  const [small] = await harness.waitForReceived(id, 'big/small');
  expect(small?.size).toBeUndefined();
  expect([...small!.payload]).toEqual([1, 2, 3]);
});

it('hands the details pane one kept message whole: its flags and the full payload, not a preview', async () => {
  const manager = new MessagesManager(harness.registry);
  const id = await connectAndSubscribe(harness, profileFor(broker.port), 'detail/#', 1);
  const payload = new Uint8Array(PREVIEW_BYTES + 10).fill(0x5a);
  await harness.registry.publish(id, { topic: 'detail/big', payload, qos: 1, retain: false });
  const [received] = await harness.waitForReceived(id, 'detail/big');

  const whole = await manager.message(id, received!.seq);
  expect(whole).toMatchObject({ topic: 'detail/big', qos: 1, direction: 'in' });
  expect(whole?.size).toBeUndefined();
  expect(whole?.payload.byteLength).toBe(payload.byteLength);
  expect(await manager.message(id, received!.seq + 1_000)).toBeUndefined();
  manager.dispose();
});
