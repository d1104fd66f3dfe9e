/**
 * A live batch from the engine is validated before the UI reads it: a malformed one (a buggy or
 * hostile engine, a corrupted frame) is refused whole with a reason, never half-applied.
 */
import { decode, encode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { liveFromWire, liveToWire, type LiveMessageBatchWire } from '../../src/shared/domain/liveBatch';
import { PackedBatchBuilder } from '../../src/shared/domain/packedBatchBuilder';

function valid(): LiveMessageBatchWire {
  const builder = new PackedBatchBuilder(2, 2);
  builder.add('c1', 10, 1000, 0, 'a', new Uint8Array([1]));
  builder.add('c1', 12, 1001, 0, 'b', new Uint8Array([2]));
  return liveToWire({ rows: builder.build(), spans: [{ connection: 0, from: 5, end: 13, skipped: { topic: [0], count: [3], first: [990], last: [999] } }] });
}

/** The wire value as a tampering test edits it: loosely typed, because it is made wrong on purpose. */
type LooseSpan = { connection: unknown; from: unknown; end: unknown; skipped: Record<'topic' | 'count' | 'first' | 'last', unknown[]> };
type LooseWire = { v: unknown; rows: Record<string, unknown>; spans: LooseSpan[] };

/** The wire value after msgpack, with one field changed. */
function tampered(change: (wire: LooseWire) => void): unknown {
  const wire = decode(encode(valid())) as LooseWire;
  change(wire);
  return wire;
}

describe('liveFromWire', () => {
  it('reads back what the engine sends', () => {
    const batch = liveFromWire(decode(encode(valid())));
    expect(batch.rows.count).toBe(2);
    expect(batch.spans).toEqual([{ connection: 0, from: 5, end: 13, skipped: { topic: [0], count: [3], first: [990], last: [999] } }]);
  });

  it.each([
    ['an unknown version', (w: LooseWire) => (w.v = 2), /unsupported version/],
    ['a row outside its span', (w: LooseWire) => (w.spans[0]!.end = 12), /outside its connection's span/],
    ['a span for a connection the rows do not name', (w: LooseWire) => (w.spans[0]!.connection = 1), /connection must index/],
    ['two spans for one connection', (w: LooseWire) => w.spans.push({ connection: 0, from: 20, end: 21, skipped: { topic: [], count: [], first: [], last: [] } }), /two spans/],
    ['a reversed span', (w: LooseWire) => Object.assign(w.spans[0]!, { from: 13, end: 5 }), /from < end/],
    ['a skipped topic outside the table', (w: LooseWire) => (w.spans[0]!.skipped.topic = [7]), /topic\[0\] must index/],
    ['a count below one', (w: LooseWire) => (w.spans[0]!.skipped.count = [0]), /count\[0\] must be a positive/],
    ['more counted than the span holds', (w: LooseWire) => (w.spans[0]!.skipped.count = [9]), /counts more messages/],
    ['times that are not numbers', (w: LooseWire) => (w.spans[0]!.skipped.first = ['x']), /must be finite/],
    ['arrays of different lengths', (w: LooseWire) => w.spans[0]!.skipped.last.push(1), /differ in length/],
    ['malformed rows', (w: LooseWire) => (w.rows.count = 3), /Malformed packed message batch/],
  ])('refuses %s', (_name, change, reason) => {
    expect(() => liveFromWire(tampered(change))).toThrow(reason);
  });
});
