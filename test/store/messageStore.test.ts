/**
 * The engine's message store and its views: what the log pages through and searches.
 * Bounds, eviction, exact bytes, and MQTT filter semantics over kept messages.
 */
import { describe, expect, it } from 'vitest';
import { MessageStore, PREVIEW_BYTES, type IncomingMessage } from '../../src/main/store/messageStore';
import { MessageView } from '../../src/main/store/messageView';

const encoder = new TextEncoder();
const text = (value: string) => encoder.encode(value);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function message(topic: string, payload: string | Uint8Array, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  return { direction: 'in', topic, payload: typeof payload === 'string' ? text(payload) : payload, qos: 0, retain: false, dup: false, time: 1_700_000_000_000, ...extra };
}

const big = { maxMessages: 10_000_000, maxBytes: 4 * 1024 * 1024 * 1024 };

describe('MessageStore', () => {
  it('numbers messages from 1 and gives each back exactly, with its flags, time and v5 properties', () => {
    const store = new MessageStore(big);
    const first = store.append(message('home/a', 'one', { qos: 2, retain: true, time: 1.5 }));
    const second = store.append(message('home/b', new Uint8Array([0, 255, 7]), { direction: 'out', qos: 1, dup: true, properties: { contentType: 'application/octet-stream' } }));
    expect([first, second]).toEqual([1, 2]);
    expect(store.get(1, 'c')).toMatchObject({ connectionId: 'c', seq: 1, topic: 'home/a', qos: 2, retain: true, dup: false, direction: 'in', time: 1.5 });
    expect(decode(store.get(1, 'c')!.payload)).toBe('one');
    const b = store.get(2, 'c')!;
    expect([...b.payload]).toEqual([0, 255, 7]);
    expect(b).toMatchObject({ direction: 'out', qos: 1, dup: true, retain: false, properties: { contentType: 'application/octet-stream' } });
    expect(store.stats).toMatchObject({ first: 1, end: 3, kept: 2, dropped: 0 });
  });

  it('keeps every message across many segments, payloads intact', () => {
    const store = new MessageStore(big);
    for (let i = 0; i < 50_000; i += 1) store.append(message(`t/${i % 97}`, `payload ${i}`));
    expect(store.size).toBe(50_000);
    for (const seq of [1, 16_384, 16_385, 32_769, 50_000]) {
      expect(decode(store.get(seq, 'c')!.payload)).toBe(`payload ${seq - 1}`);
      expect(store.get(seq, 'c')!.topic).toBe(`t/${(seq - 1) % 97}`);
    }
  });

  it('drops the oldest messages beyond its message cap and counts them', () => {
    const store = new MessageStore({ maxMessages: 1_000, maxBytes: big.maxBytes });
    for (let i = 0; i < 40_000; i += 1) store.append(message('t', String(i)));
    expect(store.stats).toMatchObject({ kept: 1_000, dropped: 39_000, first: 39_001, end: 40_001 });
    expect(store.get(39_000, 'c')).toBeUndefined();
    expect(decode(store.get(39_001, 'c')!.payload)).toBe('39000');
  });

  it('stays within its byte budget, dropping the oldest messages, and reports what it holds', () => {
    const limit = 16 * 1024 * 1024;
    const store = new MessageStore({ maxMessages: 10_000_000, maxBytes: limit });
    const payload = new Uint8Array(1_000).fill(65);
    for (let i = 0; i < 60_000; i += 1) store.append(message('t', payload));
    const stats = store.stats;
    expect(stats.bytes).toBeLessThanOrEqual(limit);
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.kept + stats.dropped).toBe(60_000);
    // What is kept is the newest, contiguous.
    expect(stats.end).toBe(60_001);
    expect(store.get(60_000, 'c')!.payload.byteLength).toBe(1_000);
  });

  it('keeps a large payload whole, hands out a preview with its size, and the exact bytes on demand', () => {
    const store = new MessageStore(big);
    const payload = new Uint8Array(PREVIEW_BYTES * 3 + 5).map((_, i) => i & 0xff);
    const seq = store.append(message('big', payload));
    store.append(message('small', 'x'));
    const preview = store.get(seq, 'c')!;
    expect(preview.size).toBe(payload.byteLength);
    expect(preview.payload.byteLength).toBe(PREVIEW_BYTES);
    expect(Buffer.from(store.payload(seq)!).equals(Buffer.from(payload))).toBe(true);
    expect(decode(store.get(seq + 1, 'c')!.payload)).toBe('x');
  });

  it('forgets everything on clear while sequence numbers go on', () => {
    const store = new MessageStore(big);
    store.append(message('t', 'a'));
    store.append(message('t', 'b'));
    store.clear();
    expect(store.stats).toMatchObject({ kept: 0, dropped: 0, first: 3, end: 3 });
    expect(store.append(message('t', 'c'))).toBe(3);
    expect(store.get(2, 'c')).toBeUndefined();
  });

  it('applies smaller limits at once', () => {
    const store = new MessageStore(big);
    for (let i = 0; i < 5_000; i += 1) store.append(message('t', 'x'));
    store.setLimits({ maxMessages: 1_000, maxBytes: big.maxBytes });
    expect(store.stats).toMatchObject({ kept: 1_000, dropped: 4_000 });
  });
});

describe('MessageView', () => {
  function filled(): MessageStore {
    const store = new MessageStore(big);
    store.append(message('home/kitchen/temp', '21.5'));
    store.append(message('home/garage/temp', '{"Alarm": "DOOR open"}'));
    store.append(message('home', 'root'));
    store.append(message('$SYS/broker/uptime', '42'));
    store.append(message('office/kitchen/temp', 'alarm'));
    store.append(message('home/kitchen/temp', '22', { direction: 'out' }));
    return store;
  }
  const topicsOf = (view: MessageView) => {
    view.scan();
    const status = view.status();
    return view.read(status.first, status.end - status.first).map((r) => r.topic);
  };

  it('an empty query shows every kept message by sequence number', () => {
    const view = new MessageView('v', 'c', {}, filled());
    expect(view.status()).toMatchObject({ first: 1, end: 7, done: true });
    expect(view.read(2, 2).map((r) => r.seq)).toEqual([2, 3]);
  });

  it('filters by topic with MQTT wildcard semantics', () => {
    const store = filled();
    expect(topicsOf(new MessageView('v', 'c', { topicFilter: 'home/#' }, store))).toEqual(['home/kitchen/temp', 'home/garage/temp', 'home', 'home/kitchen/temp']);
    expect(topicsOf(new MessageView('v', 'c', { topicFilter: '+/kitchen/temp' }, store))).toEqual(['home/kitchen/temp', 'office/kitchen/temp', 'home/kitchen/temp']);
    // `#` does not reach $ topics; a filter naming $SYS does.
    expect(topicsOf(new MessageView('v', 'c', { topicFilter: '#' }, store))).not.toContain('$SYS/broker/uptime');
    expect(topicsOf(new MessageView('v', 'c', { topicFilter: '$SYS/#' }, store))).toEqual(['$SYS/broker/uptime']);
  });

  it('finds text in topics or payload bytes, ignoring letter case, and combines with direction', () => {
    const store = filled();
    expect(topicsOf(new MessageView('v', 'c', { text: 'ALARM' }, store))).toEqual(['home/garage/temp', 'office/kitchen/temp']);
    expect(topicsOf(new MessageView('v', 'c', { text: 'Kitchen' }, store))).toEqual(['home/kitchen/temp', 'office/kitchen/temp', 'home/kitchen/temp']);
    expect(topicsOf(new MessageView('v', 'c', { text: 'kitchen', direction: 'out' }, store))).toEqual(['home/kitchen/temp']);
    expect(topicsOf(new MessageView('v', 'c', { text: 'no such thing' }, store))).toEqual([]);
  });

  it('searches a large store in steps and keeps matching what arrives later', () => {
    const store = new MessageStore(big);
    for (let i = 0; i < 250_000; i += 1) store.append(message(`s/${i % 10}`, i % 1_000 === 0 ? 'needle' : 'hay'));
    const view = new MessageView('v', 'c', { text: 'needle' }, store);
    view.scan(100_000);
    expect(view.status()).toMatchObject({ done: false, end: 100 });
    while (!view.done) view.scan(100_000);
    expect(view.status()).toMatchObject({ done: true, first: 0, end: 250, scanned: 250_000 });
    store.append(message('late', 'a needle'));
    expect(view.done).toBe(false);
    view.scan();
    expect(view.status().end).toBe(251);
    expect(view.read(250, 1)[0]!.topic).toBe('late');
  });

  it('keeps match indexes stable while old matches are dropped', () => {
    const store = new MessageStore({ maxMessages: 1_000, maxBytes: big.maxBytes });
    const view = new MessageView('v', 'c', { topicFilter: 'odd' }, store);
    for (let i = 0; i < 3_000; i += 1) {
      store.append(message(i % 2 ? 'odd' : 'even', String(i)));
      if (i % 100 === 99) view.scan();
    }
    const status = view.status();
    // 1,500 odd messages matched in all; only the 500 in the newest 1,000 are still kept.
    expect(status).toMatchObject({ first: 1_000, end: 1_500 });
    expect(decode(view.read(1_499, 1)[0]!.payload)).toBe('2999');
    expect(view.read(0, 10)).toEqual([]);
  });
});
