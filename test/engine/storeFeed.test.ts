/**
 * The live feed at a firehose's rate: only the rows a view can show carry their payload preview
 * (each connection's tail, each topic's last message, every retained one); the rest go as topic,
 * time and flags. What the user sees must not change: the topic tree built from such a batch says
 * what a tree built from every message says.
 */
import { describe, expect, it } from 'vitest';
import { fromWire, PACKED_FLAG } from '../../src/shared/domain/packedBatch';
import type { MessageBatch } from '../../src/shared/domain/message';
import { TopicTree } from '../../src/shared/topics/topicTree';
import { LIVE_TAIL_ROWS, StoreFeed } from '../../src/main/engine/storeFeed';
import { MessageStore, type IncomingMessage } from '../../src/main/store/messageStore';

const text = (value: string) => new TextEncoder().encode(value);

function message(i: number): IncomingMessage {
  const topic = ['plant/a', 'plant/b', 'plant/c'][i % 3]!;
  // plant/c is retained, and its early retained message is deleted (empty) then set again.
  const retain = topic === 'plant/c' && (i === 2 || i === 5 || i === 8);
  const payload = retain && i === 5 ? new Uint8Array(0) : text(`${topic} #${i}`);
  return { direction: 'in', topic, payload, qos: 0, retain, dup: false, time: 1_700_000_000_000 + i };
}

describe('StoreFeed', () => {
  it('sends previews only where a view needs them, and a topic tree from the batch matches one from every message', () => {
    const store = new MessageStore();
    const sent: MessageBatch[] = [];
    const feed = new StoreFeed((batch) => sent.push(batch), 1_000_000);
    const count = LIVE_TAIL_ROWS + 1_000;
    // plant/d gets one early message only: it is the last of its topic, far from the tail.
    const all = [{ ...message(0), topic: 'plant/d', payload: text('only one') }, ...Array.from({ length: count - 1 }, (_, i) => message(i + 1))];
    for (const m of all) feed.added('c1', store, store.append(m));
    feed.flushNow();
    feed.dispose();

    expect(sent).toHaveLength(1);
    const batch = fromWire(sent[0] as never);
    expect(batch.count).toBe(count);
    expect(Array.from(batch.seq)).toEqual(all.map((_, i) => i + 1));
    const omitted = (i: number) => (batch.flags[i]! & PACKED_FLAG.previewOmitted) !== 0;
    const payloadOf = (i: number) => new TextDecoder().decode(batch.payloads.subarray(i === 0 ? 0 : batch.payloadEnd[i - 1], batch.payloadEnd[i]));
    // The tail carries its previews, as do each topic's last message and every retained one.
    for (let i = count - LIVE_TAIL_ROWS; i < count; i += 1) expect(omitted(i), `row ${i}`).toBe(false);
    expect(omitted(0)).toBe(false);
    expect(payloadOf(0)).toBe('only one');
    for (const i of [2, 5, 8]) expect(omitted(i), `retained row ${i}`).toBe(false);
    // Most rows before the tail travel without their bytes.
    const without = Array.from({ length: count }, (_, i) => i).filter(omitted);
    expect(without.length).toBeGreaterThan(900);
    for (const i of without) expect(payloadOf(i)).toBe('');

    const fromBatch = new TopicTree();
    fromBatch.addRows(batch, Array.from({ length: count }, (_, i) => i));
    const fromAll = new TopicTree();
    fromAll.addRecords(all.map((m, i) => ({ ...m, seq: i + 1, connectionId: 'c1' })));
    for (const topic of ['plant/a', 'plant/b', 'plant/c', 'plant/d']) {
      const [a, b] = [fromBatch.node(topic), fromAll.node(topic)];
      expect(a?.ownMessages, topic).toBe(b?.ownMessages);
      expect(a?.retained, topic).toBe(b?.retained);
      expect(a?.last, topic).toEqual(b?.last);
    }
    expect(fromBatch.messageCount).toBe(count);
  });
});
