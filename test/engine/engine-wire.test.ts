/**
 * Our own client must be correct on the wire, even where MQTT.js is not: proven with the wire tap
 * against Debian mosquitto.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Inspector } from '../../src/main/inspector/inspector';
import type { PacketRow } from '../../src/shared/inspector/packets/types';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { EngineHarness, isConnected, profileFor } from './harness';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rowsOf(inspector: Inspector, id: string): Promise<PacketRow[]> {
  return inspector.rows(id, 0, 10_000);
}

const describeRows = (rows: PacketRow[]) => rows.map((r) => `  #${r.no} s${r.socket} ${r.direction} ${r.type} ${r.summary}${r.problems.length ? ` ⚠ ${r.problems.join('; ')}` : ''}`).join('\n');

describe('QoScope on the wire', () => {
  it('[MQTT-3.3.1-1] re-sends an unacknowledged PUBLISH with DUP=1 after a reconnect', async () => {
    const broker: RunningMosquitto = await startMosquitto();
    cleanups.push(() => broker.stop());
    const proxy: TcpProxy = await startTcpProxy(broker.port);
    cleanups.push(() => proxy.close());
    const inspector = new Inspector();
    const engine = new EngineHarness(inspector);
    cleanups.push(() => engine.dispose());
    const id = await engine.create(profileFor(proxy.port, { protocolVersion: 4, clean: false, clientId: 'qoscope-dup-test' }));
    await engine.registry.connect(id);

    // The broker's PUBACK never reaches us; then the link dies.
    proxy.holdDownstream();
    const published = engine.registry.publish(id, { topic: 'wire/dup', payload: new TextEncoder().encode('once'), qos: 1, retain: false });
    const firstSend = await waitForRows(inspector, id, (rows) => rows.find((r) => r.direction === 'out' && r.type === 'PUBLISH'));
    proxy.cutAll();
    proxy.release();

    await published;
    const rows = await rowsOf(inspector, id);
    const sends = rows.filter((r) => r.direction === 'out' && r.type === 'PUBLISH');
    expect(sends.map((r) => r.socket), describeRows(rows)).toEqual([1, 2]);
    expect(sends[1]?.packetId).toBe(firstSend.packetId);

    const bytes = await Promise.all(sends.map(async (r) => (await inspector.packet(id, r.no))?.packet.bytes[0]));
    expect(bytes.map((b) => ((b ?? 0) & 0x08) !== 0), 'DUP flag of first send, then of the resend').toEqual([false, true]);
    expect(rows.flatMap((r) => r.problems).filter((p) => p.includes('DUP')), describeRows(rows)).toEqual([]);

    const { flows } = await inspector.flows(id, 100);
    const flow = flows.find((f) => f.kind === 'qos1' && f.packetId === firstSend.packetId);
    expect(flow?.status, JSON.stringify(flow)).toBe('complete');
    expect(flow?.steps.map((s) => s.type)).toEqual(['PUBLISH', 'PUBLISH', 'PUBACK']);
  });

  it('[MQTT-4.9.0-2] never has more QoS 2 publishes in flight than the broker\'s Receive Maximum, and loses none', async () => {
    const broker = await startMosquitto({ extraConfig: ['max_inflight_messages 2'] });
    cleanups.push(() => broker.stop());
    const inspector = new Inspector();
    const engine = new EngineHarness(inspector);
    cleanups.push(() => engine.dispose());
    const id = await engine.create(profileFor(broker.port, { protocolVersion: 5 }));
    await engine.registry.connect(id);
    const connected = await engine.waitForState(id, isConnected, 'connected');
    expect(connected.broker?.receiveMaximum).toBe(2);

    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        engine.registry.publish(id, { topic: `wire/burst/${n}`, payload: new TextEncoder().encode(String(n)), qos: 2, retain: false }),
      ),
    );

    const rows = await rowsOf(inspector, id);
    const inFlight = new Set<number>();
    let most = 0;
    for (const row of rows) {
      if (row.direction === 'out' && row.type === 'PUBLISH' && row.packetId !== undefined) inFlight.add(row.packetId);
      if (row.direction === 'in' && row.type === 'PUBCOMP' && row.packetId !== undefined) inFlight.delete(row.packetId);
      most = Math.max(most, inFlight.size);
    }
    expect(most, describeRows(rows)).toBe(2);
    expect(rows.filter((r) => r.direction === 'out' && r.type === 'PUBLISH')).toHaveLength(5);
    expect(rows.filter((r) => r.type === 'DISCONNECT'), describeRows(rows)).toHaveLength(0);
    expect(engine.state(id).status).toBe('connected');
    const { flows } = await inspector.flows(id, 100);
    expect(flows.filter((f) => f.kind === 'qos2').map((f) => f.status)).toEqual(['complete', 'complete', 'complete', 'complete', 'complete']);
  });
});

async function waitForRows<T>(inspector: Inspector, id: string, probe: (rows: PacketRow[]) => T | undefined): Promise<T> {
  let rows: PacketRow[] = [];
  for (let i = 0; i < 100; i += 1) {
    rows = await inspector.rows(id, 0, 10_000);
    const found = probe(rows);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`packets never showed what was expected:\n${describeRows(rows)}`);
}
