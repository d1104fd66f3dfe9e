/**
 * The packet list is paged from the engine, filtered next to the capture: over a real session
 * with mosquitto, what a user filters and scrolls is what the capture holds.
 */
import { afterEach, expect, it } from 'vitest';
import { Inspector } from '../../src/main/inspector/inspector';
import type { PacketViewStatus } from '../../src/shared/contract/inspector';
import type { PacketQuery } from '../../src/shared/inspector/packetQuery';
import { startMosquitto } from '../support/mosquitto';
import { EngineHarness, profileFor, waitFor } from '../engine/harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function session(): Promise<{ inspector: Inspector; engine: EngineHarness; id: string }> {
  const broker = await startMosquitto();
  cleanups.push(() => broker.stop());
  const inspector = new Inspector();
  const engine = new EngineHarness(inspector);
  cleanups.push(async () => {
    await engine.dispose();
    inspector.dispose();
  });
  const id = await engine.create(profileFor(broker.port, { protocolVersion: 5 }));
  await engine.registry.connect(id);
  return { inspector, engine, id };
}

async function publish(engine: EngineHarness, id: string, count: number, qos: 0 | 1): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    await engine.registry.publish(id, { topic: `fleet/truck${i % 4}/speed`, payload: new TextEncoder().encode(String(i)), qos, retain: false });
  }
}

/** Opens a view and waits until its filter went through everything captured so far. */
async function settledView(inspector: Inspector, id: string, query: PacketQuery, expected: number): Promise<PacketViewStatus> {
  let latest = await inspector.openView(id, query);
  const sub = inspector.onDidUpdateViews((all) => (latest = all.find((s) => s.viewId === latest.viewId) ?? latest));
  try {
    return await waitFor(() => (latest.done && latest.end - latest.first >= expected ? latest : undefined), `${expected} rows`, () => JSON.stringify(latest));
  } finally {
    sub.dispose();
  }
}

it('filters by type, direction, packet id and topic in the engine, and pages the matches', async () => {
  const { inspector, engine, id } = await session();
  await publish(engine, id, 40, 1);
  const acks = await settledView(inspector, id, { type: 'PUBACK', direction: 'in' }, 40);
  expect(acks.end - acks.first).toBe(40);
  const page = await inspector.readView(acks.viewId, acks.first + 10, 5);
  expect(page.rows.map((row) => [row.type, row.direction])).toEqual(Array(5).fill(['PUBACK', 'in']));
  // Each QoS 1 packet id appears once out (PUBLISH) and once in (PUBACK).
  const packetId = page.rows[0]!.packetId!;
  const third = await settledView(inspector, id, { packetId }, 2);
  const thirdRows = (await inspector.readView(third.viewId, third.first, 10)).rows;
  expect(thirdRows.map((row) => row.type)).toEqual(['PUBLISH', 'PUBACK']);
  const truck1 = await settledView(inspector, id, { type: 'PUBLISH', topic: 'fleet/truck1/+' }, 10);
  expect(truck1.end - truck1.first).toBe(10);
  expect((await inspector.readView(truck1.viewId, truck1.first, 100)).rows.every((row) => row.topic === 'fleet/truck1/speed')).toBe(true);
});

it('an unfiltered view is addressed by packet number and follows the capture as it drops the oldest', async () => {
  const { inspector, engine, id } = await session();
  const all = await inspector.openView(id, {});
  expect(all.first).toBe(1);
  await inspector.setCapacity(1_000);
  await publish(engine, id, 1_200, 0);
  let latest = all;
  const sub = inspector.onDidUpdateViews((statuses) => (latest = statuses.find((s) => s.viewId === all.viewId) ?? latest));
  await waitFor(() => (latest.counts.total >= 1_200 ? true : undefined), '1,200 packets captured', () => JSON.stringify(latest));
  sub.dispose();
  const kept = (await inspector.readView(all.viewId, 0, 1)).status;
  // Asked from before the oldest kept packet: the page starts at the first one still kept.
  const status = await inspector.readView(all.viewId, kept.first - 5, 10);
  const counts = status.status.counts;
  expect(counts).toMatchObject({ kept: 1_000, capacity: 1_000 });
  expect(status.status.first).toBe(counts.lastNo - 999);
  expect(status.start).toBe(status.status.first);
  expect(status.rows.map((row) => row.no)).toEqual([0, 1, 2, 3, 4].map((i) => status.status.first + i));
});
