/**
 * The live feed at a firehose's rate: only the rows a view can show travel (each connection's
 * tail, each topic's last message and last retained one), with their payload previews; the other
 * received messages are counted per topic. What the user sees must not change: the topic tree
 * built from such batches says what a tree built from every message says.
 */
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { liveFromWire, type LiveMessageBatch, type LiveMessageBatchWire } from '../../src/shared/domain/liveBatch';
import { TopicTree } from '../../src/shared/topics/topicTree';
import { LIVE_TAIL_ROWS, StoreFeed } from '../../src/main/engine/storeFeed';
import { FLOOD_INTERVAL_MS } from '../../src/shared/domain/floodRate';
import { MessageStore, type IncomingMessage } from '../../src/main/store/messageStore';

const text = (value: string) => new TextEncoder().encode(value);
const T0 = 1_700_000_000_000;

function message(i: number): IncomingMessage {
  const topic = ['plant/a', 'plant/b', 'plant/c'][i % 3]!;
  // plant/c is retained early on: set, deleted (empty), set again; later plant/c messages are live.
  const retain = topic === 'plant/c' && (i === 2 || i === 5 || i === 8);
  const payload = retain && i === 5 ? new Uint8Array(0) : text(`${topic} #${i}`);
  // 0.1 ms apart: a 1,500-message burst spans 150 ms, so rates are spread over time.
  return { direction: 'in', topic, payload, qos: 0, retain, dup: false, time: T0 + i / 10 };
}

/** Every batch the feed sent, decoded the way the UI decodes it (through msgpack, validated). */
function received(sent: LiveMessageBatchWire[]): LiveMessageBatch[] {
  return sent.map((wire) => liveFromWire(decode(encode(wire))));
}

function feedAll(messages: IncomingMessage[], flushEvery = messages.length) {
  const store = new MessageStore();
  const sent: LiveMessageBatchWire[] = [];
  const feed = new StoreFeed((batch) => sent.push(batch), 1_000_000);
  messages.forEach((m, i) => {
    feed.added('c1', store, store.append(m));
    if ((i + 1) % flushEvery === 0) feed.flushNow();
  });
  feed.flushNow();
  feed.dispose();
  return received(sent);
}

describe('StoreFeed', () => {
  const count = LIVE_TAIL_ROWS + 1_000;
  // plant/d gets one early message only: it is the last of its topic, far from the tail.
  const all = [{ ...message(0), topic: 'plant/d', payload: text('only one') }, ...Array.from({ length: count - 1 }, (_, i) => message(i + 1))];

  it('sends the tail, each topic’s last and last retained message as rows, and counts the rest', () => {
    const [batch, ...more] = feedAll(all);
    expect(more).toHaveLength(0);
    const { rows, spans } = batch!;
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ from: 1, end: count + 1 });
    const seqs = Array.from(rows.seq);
    // The tail, whole and in order, with each row's own payload.
    expect(seqs.slice(-LIVE_TAIL_ROWS)).toEqual(Array.from({ length: LIVE_TAIL_ROWS }, (_, i) => count - LIVE_TAIL_ROWS + 1 + i));
    const payloadAt = (i: number) => new TextDecoder().decode(rows.payloads.subarray(i === 0 ? 0 : rows.payloadEnd[i - 1], rows.payloadEnd[i]));
    expect(payloadAt(rows.count - 1)).toBe(`plant/${'abc'[(count - 1) % 3]} #${count - 1}`);
    // Before the tail: plant/d's only message and plant/c's last retained one (seq 9, message #8)
    // travel; plant/a/b/c's last messages before the tail too.
    const before = seqs.slice(0, -LIVE_TAIL_ROWS);
    expect(before).toContain(1);
    expect(before).toContain(9);
    expect(before.length).toBeLessThanOrEqual(5);
    expect(payloadAt(seqs.indexOf(1))).toBe('only one');
    // Everything else is a count: rows + counts = every received message.
    const skipped = spans[0]!.skipped!;
    const counted = skipped.count.reduce((a, b) => a + b, 0);
    expect(rows.count + counted).toBe(count);
    expect(rows.count).toBeLessThan(LIVE_TAIL_ROWS + 10);
  });

  it('a topic tree fed the batches shows what one fed every message shows, however the flood is cut', () => {
    const fromAll = new TopicTree();
    fromAll.addRecords(all.map((m, i) => ({ ...m, seq: i + 1, connectionId: 'c1' })));
    for (const flushEvery of [count, 700, 64]) {
      const fromBatches = new TopicTree();
      for (const { rows, spans } of feedAll(all, flushEvery)) {
        fromBatches.addRows(rows, Array.from({ length: rows.count }, (_, i) => i), spans[0]!.skipped);
      }
      for (const topic of ['plant/a', 'plant/b', 'plant/c', 'plant/d']) {
        const [a, b] = [fromBatches.node(topic), fromAll.node(topic)];
        expect(a?.ownMessages, `${topic} / ${flushEvery}`).toBe(b?.ownMessages);
        expect(a?.retained, topic).toBe(b?.retained);
        expect(a?.last, topic).toEqual(b?.last);
        expect(a?.lastActivity, topic).toBe(b?.lastActivity);
      }
      expect(fromBatches.messageCount).toBe(count);
      expect(fromBatches.topicCount).toBe(4);
      // Rates: counted messages are spread over their span, so close to, not bit-equal with, the exact sum.
      const now = T0 + 200;
      expect(fromBatches.rate(now)).toBeCloseTo(fromAll.rate(now), 0);
      expect(Math.abs(fromBatches.rate(now) / fromAll.rate(now) - 1)).toBeLessThan(0.01);
    }
  });

  it('spans follow each other without a gap, and sent messages travel only in the tail', () => {
    const sentOne: IncomingMessage = { direction: 'out', topic: 'cmd/x', payload: text('go'), qos: 1, retain: false, dup: false, time: T0 };
    const messages = [sentOne, ...all];
    const batches = feedAll(messages, 1_000);
    let next = 1;
    for (const { spans } of batches) {
      expect(spans[0]!.from).toBe(next);
      next = spans[0]!.end;
    }
    expect(next).toBe(messages.length + 1);
    // The sent message is neither a row (it is far from any tail) nor counted for the tree.
    const first = batches[0]!;
    expect(Array.from(first.rows.seq)).not.toContain(1);
    expect(first.rows.topics).not.toContain('cmd/x');
  });

  it('sends a flood’s batches four times a second, and goes back to every 33 ms for a trickle', () => {
    const store = new MessageStore();
    const feed = new StoreFeed(() => undefined);
    const quiet = feed.intervalMs;
    expect(quiet).toBeLessThan(FLOOD_INTERVAL_MS);
    // A trickle: one message, sent within a frame or two.
    feed.added('c1', store, store.append(message(0)));
    feed.flushNow();
    expect(feed.intervalMs).toBe(quiet);
    // A flood: thousands of messages in one batch (well above 2,000 a second for seconds to come).
    for (let i = 1; i <= 5_000; i++) feed.added('c1', store, store.append(message(i)));
    feed.flushNow();
    expect(feed.intervalMs).toBe(FLOOD_INTERVAL_MS);
    feed.dispose();
  });
});
