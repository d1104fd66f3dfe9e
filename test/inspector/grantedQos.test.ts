/**
 * A broker must deliver each message at the lower of its published QoS and the QoS it granted the
 * subscription (3.1.1 §3.8.4, 5.0 §3.8.4). The inspector reads the grants from the SUBACKs it
 * captured and flags a PUBLISH delivered above them: first over byte vectors, then on the wire
 * against both brokers (mosquitto keeps the rule; whatever the embedded broker does is shown).
 */
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { GrantedQos } from '../../src/shared/inspector/grantedQos';
import { Inspector } from '../../src/main/inspector/inspector';
import { EngineHarness, embeddedBrokerFactory, mosquittoFactory, profileFor, waitFor } from '../engine/harness';

const text = (s: string) => [...new TextEncoder().encode(s)];
const str = (s: string) => [s.length >> 8, s.length & 0xff, ...text(s)];
const packet = (first: number, body: number[]) => new Uint8Array([first, body.length, ...body]);

describe('grants read from SUBSCRIBE and SUBACK', () => {
  it('flags a QoS 2 delivery on a filter granted QoS 1, and not one within the grant', () => {
    const grants = new GrantedQos();
    grants.sent(packet(0x82, [0, 7, ...str('home/#'), 2]), 4);
    expect(grants.received(packet(0x90, [0, 7, 1]), 4, undefined, undefined)).toBeUndefined();
    expect(grants.received(new Uint8Array([0x32]), 4, 'home/kitchen', 1)).toBeUndefined();
    const problem = grants.received(new Uint8Array([0x34]), 4, 'home/kitchen', 2);
    expect(problem).toMatch(/^Delivered at QoS 2, above the QoS 1 the broker granted for "home\/#"/);
    expect(problem).toContain('§3.8.4');
  });

  it('takes the highest grant of overlapping filters, forgets unsubscribed and refused ones, and reads 5.0 properties', () => {
    const grants = new GrantedQos();
    // 5.0 SUBSCRIBE with a subscription identifier property (0x0B 5), two filters.
    grants.sent(packet(0x82, [0, 9, 2, 0x0b, 5, ...str('a/#'), 0, ...str('a/b'), 2]), 5);
    // SUBACK 5.0: empty properties, grants 0 and 2.
    grants.received(packet(0x90, [0, 9, 0, 0, 2]), 5, undefined, undefined);
    expect(grants.received(new Uint8Array([0x34]), 5, 'a/b', 2)).toBeUndefined();
    expect(grants.received(new Uint8Array([0x32]), 5, 'a/c', 1)).toMatch(/above the QoS 0 the broker granted for "a\/#"/);
    grants.sent(packet(0xa2, [0, 10, 0, ...str('a/#')]), 5);
    expect(grants.received(new Uint8Array([0x32]), 5, 'a/c', 1)).toBeUndefined();
    grants.sent(packet(0x82, [0, 11, 0, ...str('x/y'), 1]), 5);
    grants.received(packet(0x90, [0, 11, 0, 0x80]), 5, undefined, undefined);
    expect(grants.received(new Uint8Array([0x32]), 5, 'x/y', 1)).toBeUndefined();
  });
});

describe('on the wire', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A retained message published at QoS 1, then a QoS 0 subscription: the problems on the PUBLISH that delivers it. */
  async function deliveredProblems(factory: typeof embeddedBrokerFactory): Promise<string[]> {
    const broker = await factory.start();
    cleanups.push(() => broker.stop());
    const inspector = new Inspector();
    const engine = new EngineHarness(inspector);
    cleanups.push(async () => {
      await engine.dispose();
      inspector.dispose();
    });
    const publisher = await mqtt.connectAsync({ host: '127.0.0.1', port: broker.port, reconnectPeriod: 0 });
    cleanups.push(() => publisher.endAsync(true));
    await publisher.publishAsync('grant/x', 'hello', { qos: 1, retain: true });
    cleanups.push(async () => void (await publisher.publishAsync('grant/x', '', { qos: 1, retain: true })));
    const id = await engine.create(profileFor(broker.port));
    await engine.registry.connect(id);
    await engine.registry.subscribe(id, { filter: 'grant/#', qos: 0 });
    // The delivered PUBLISH is captured before the message reaches the store.
    await waitFor(() => engine.received(id, 'grant/x')[0], 'the message', () => 'none yet');
    const view = await inspector.openView(id, { type: 'PUBLISH', direction: 'in' });
    let rows = (await inspector.readView(view.viewId, 0, 10)).rows;
    for (let tries = 0; rows.length === 0 && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      rows = (await inspector.readView(view.viewId, 0, 10)).rows;
    }
    const row = rows[0];
    if (!row) throw new Error('the delivered PUBLISH is not in the capture');
    return row.problems;
  }

  it('mosquitto delivers at the granted QoS 0: nothing flagged', async () => {
    expect(await deliveredProblems(mosquittoFactory())).toEqual([]);
  });

  it('the embedded broker: its retained message delivered above the grant is flagged on the packet', async () => {
    const problems = await deliveredProblems(embeddedBrokerFactory);
    // Aedes 2.0.0-beta.1 sends a retained message at its stored QoS, above the grant; once that is
    // fixed (the broker issue) this test says so and changes with it.
    expect(problems.some((p) => p.startsWith('Delivered at QoS 1, above the QoS 0 the broker granted for "grant/#"'))).toBe(true);
  });
});
