// The capture's packet store: numbering that survives eviction, the exact bytes of every frame
// (packed or kept whole), metadata back as it went in, and memory given up as packets are dropped.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { MAX_PACKED_BYTES, PacketRing, type CaptureEntry } from '../../src/main/inspector/packetRing';
import type { PacketSummary } from '../../src/shared/inspector/packets/types';
import { mulberry32 } from '../support/random';

/** Packets per chunk in packetRing.ts; the boundary cases straddle it. */
const CHUNK = 4096;
const LARGE = 70_000;
const SEED = 0x7ac_e5eed;

type Rng = () => number;
const int = (rng: Rng, below: number) => Math.floor(rng() * below);
function randomBytes(rng: Rng, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = int(rng, 256);
  return bytes;
}

const entry = (bytes: Uint8Array, fields: Partial<CaptureEntry> = {}): CaptureEntry => ({
  no: 0,
  direction: 'in',
  time: 0,
  socket: 1,
  bytes,
  protocolVersion: 4,
  ...fields,
});

/** A frame whose first four bytes name the packet, so a read can tell which packet it got. */
function tagged(index: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  new DataView(bytes.buffer).setUint32(0, index, true);
  for (let i = 4; i < length; i++) bytes[i] = (index + i) & 0xff;
  return bytes;
}
const tagOf = (bytes: Uint8Array | undefined) => (bytes && bytes.byteLength >= 4 ? new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) : undefined);

const counts = (ring: PacketRing) => ({ total: ring.total, size: ring.size, first: ring.first, dropped: ring.dropped });
/** The counts of a ring that has kept `kept` packets after dropping `dropped`. */
const countsDiffer = (ring: PacketRing, kept: number, dropped: number) =>
  ring.total === kept + dropped && ring.size === kept && ring.first === dropped && ring.dropped === dropped ? undefined : `counts ${JSON.stringify(counts(ring))}`;

function bytesDiffer(actual: Uint8Array, expected: Uint8Array): string | undefined {
  if (actual.byteLength !== expected.byteLength) return `length ${actual.byteLength} ≠ ${expected.byteLength}`;
  if (Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength).equals(expected)) return undefined;
  const at = actual.findIndex((byte, i) => byte !== expected[i]);
  return `byte ${at}: ${actual[at]} ≠ ${expected[at]}`;
}

/** Entries with their bytes as base64: vitest compares large typed arrays slowly. */
const described = (entries: (CaptureEntry | undefined)[]) =>
  entries.map((e) => e && { ...e, bytes: Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength).toString('base64') });

const summary = (packetId: number): PacketSummary => ({ type: 'PUBACK', flags: 0, packetId, summary: `PUBACK ${packetId}`, problems: [] });

describe('PacketRing numbering and eviction', () => {
  it('numbers packets from firstNo by position and drops the oldest first', () => {
    const ring = new PacketRing(5, 101);
    for (let i = 0; i < 3; i++) ring.push(entry(tagged(i, 8)));
    expect(counts(ring)).toEqual({ total: 3, size: 3, first: 0, dropped: 0 });

    // The entry's own `no` is not what the ring numbers by.
    for (let i = 3; i < 12; i++) ring.push(entry(tagged(i, 8), { no: 9_999 }));
    expect(counts(ring)).toEqual({ total: 12, size: 5, first: 7, dropped: 7 });
    expect([-1, 0, 6, 12].map((i) => ring.at(i))).toEqual([undefined, undefined, undefined, undefined]);
    const kept = [7, 8, 9, 10, 11].map((i) => ring.at(i));
    expect(kept.map((e) => e?.no)).toEqual([108, 109, 110, 111, 112]);
    expect(kept.map((e) => tagOf(e?.bytes))).toEqual([7, 8, 9, 10, 11]);
  });

  it.each([1, CHUNK - 1, CHUNK, CHUNK + 1, 10_000])('with capacity %i keeps exactly the newest packets as chunks fill and go', (capacity) => {
    const ring = new PacketRing(capacity, 1);
    const pushes = 2 * capacity + CHUNK + 3;
    const wrong: string[] = [];
    for (let i = 0; i < pushes && wrong.length < 5; i++) {
      ring.push(entry(tagged(i, 4 + (i % 50))));
      const first = Math.max(0, i + 1 - capacity);
      const countsWrong = countsDiffer(ring, i + 1 - first, first);
      if (countsWrong) wrong.push(`after ${i + 1}: ${countsWrong}`);
      for (const index of [first, i]) {
        const read = ring.at(index);
        if (read?.no !== index + 1 || tagOf(read.bytes) !== index || read.bytes.byteLength !== 4 + (index % 50)) {
          wrong.push(`after ${i + 1}, at(${index}) gave no ${read?.no} tag ${tagOf(read?.bytes)}`);
        }
      }
      if (ring.at(first - 1) !== undefined) wrong.push(`after ${i + 1}, dropped ${first - 1} still readable`);
    }
    expect(wrong).toEqual([]);
    for (let index = ring.first; index < ring.total; index++) {
      if (tagOf(ring.at(index)?.bytes) !== index) wrong.push(`at(${index}) at the end`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('PacketRing bytes', () => {
  it('gives back the exact bytes of small and large frames across chunk boundaries, and earlier reads stay intact', () => {
    const rng = mulberry32(SEED);
    const specials = new Map<number, number>([
      [0, LARGE], // a large frame first in the first chunk
      [1, 2],
      [CHUNK - 3, MAX_PACKED_BYTES],
      [CHUNK - 2, MAX_PACKED_BYTES + 1],
      [CHUNK - 1, LARGE],
      [CHUNK, LARGE],
      [CHUNK + 1, MAX_PACKED_BYTES],
      [2 * CHUNK - 1, MAX_PACKED_BYTES],
      [2 * CHUNK, MAX_PACKED_BYTES + 1],
    ]);
    // A run of threshold-sized frames makes a chunk's byte buffer grow several times over.
    for (let i = 100; i < 160; i++) specials.set(i, MAX_PACKED_BYTES);
    const frames = Array.from({ length: 2 * CHUNK + 10 }, (_, i) => randomBytes(rng, specials.get(i) ?? 2 + int(rng, 300)));

    const ring = new PacketRing(3 * CHUNK, 1);
    const readAtOnce: Uint8Array[] = [];
    for (const [i, frame] of frames.entries()) {
      ring.push(entry(frame));
      readAtOnce.push(ring.at(i)!.bytes);
    }

    const wrong: string[] = [];
    for (const [i, frame] of frames.entries()) {
      const now = bytesDiffer(ring.at(i)!.bytes, frame);
      const earlier = bytesDiffer(readAtOnce[i]!, frame);
      if (now) wrong.push(`packet ${i}: ${now}`);
      if (earlier) wrong.push(`packet ${i} as read when pushed: ${earlier}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps its own copy of a small frame, so the buffer it came in may be reused', () => {
    const shared = new Uint8Array(256).fill(1);
    const ring = new PacketRing(10, 1);
    ring.push(entry(shared.subarray(0, 10)));
    shared.fill(2);
    ring.push(entry(shared.subarray(5, 10)));
    shared.fill(3);
    expect(Array.from(ring.at(0)!.bytes)).toEqual(new Array(10).fill(1));
    expect(Array.from(ring.at(1)!.bytes)).toEqual(new Array(5).fill(2));
  });
});

describe('PacketRing metadata', () => {
  it('reads back direction, time, socket, protocol version and the flow extras of every packet', () => {
    const extrasVariants: Partial<CaptureEntry>[] = [
      {},
      { malformed: 'Remaining length runs past the frame' },
      { summary: summary(7), flowId: 0, flowProblems: ['PUBACK 7 without a PUBLISH'] },
      { summary: summary(65_535), flowId: 12 },
    ];
    const entries: CaptureEntry[] = [];
    for (const direction of ['in', 'out'] as const) {
      for (const protocolVersion of [3, 4, 5] as const) {
        for (const size of [5, MAX_PACKED_BYTES + 1]) {
          for (const extras of extrasVariants) {
            const i = entries.length;
            entries.push({
              no: 0,
              direction,
              time: 1_726_000_000_000 + i * 1.000_123_456_7,
              socket: [1, 2, 70_000 + i, 4_294_967_295][i % 4]!,
              bytes: tagged(i, size),
              protocolVersion,
              ...extras,
            });
          }
        }
      }
    }
    const ring = new PacketRing(entries.length, 40);
    for (const e of entries) ring.push(e);
    // Strict: a packet without extras must not come back with (undefined) extras keys either.
    expect(described(entries.map((_, i) => ring.at(i)))).toStrictEqual(described(entries.map((e, i) => ({ ...e, no: 40 + i }))));
  });
});

describe('PacketRing as clear and setCapacity rebuild it', () => {
  it('a new ring started at firstNo carries on the numbering, and re-pushed entries keep their bytes and metadata', () => {
    const old = new PacketRing(10, 1);
    for (let i = 0; i < 25; i++) {
      old.push(entry(tagged(i, i === 23 ? MAX_PACKED_BYTES + 1 : 6 + i), {
        direction: i % 2 ? 'out' : 'in',
        time: 1000 + i / 3,
        socket: 1 + (i >> 3),
        protocolVersion: i % 3 === 0 ? 5 : 4,
        ...(i === 22 ? { summary: summary(22), flowId: 3 } : {}),
      }));
    }

    // setCapacity(4): the newest four, read back and pushed into a ring numbered from the first.
    const kept = [21, 22, 23, 24].map((i) => old.at(i)!);
    const smaller = new PacketRing(4, kept[0]!.no);
    for (const e of kept) smaller.push(e);
    expect(counts(smaller)).toEqual({ total: 4, size: 4, first: 0, dropped: 0 });
    expect(described([0, 1, 2, 3].map((i) => smaller.at(i)))).toStrictEqual(described(kept));
    smaller.push(entry(tagged(25, 8)));
    expect([smaller.at(0), smaller.at(1)?.no, smaller.at(4)?.no]).toEqual([undefined, 23, 26]);

    // clear: an empty ring numbered from the next packet.
    const cleared = new PacketRing(10, 26);
    expect(counts(cleared)).toEqual({ total: 0, size: 0, first: 0, dropped: 0 });
    expect(cleared.at(0)).toBeUndefined();
    cleared.push(entry(tagged(25, 8)));
    expect(cleared.at(0)?.no).toBe(26);
  });
});

describe('PacketRing memory', () => {
  // V8 can only be asked to collect with --expose-gc; the flag set at run time takes effect in a
  // new context (the way jest-leak-detector does it).
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const collect = async () => {
    // A WeakRef target stays alive until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
  };
  const alive = (ref: WeakRef<object>) => ref.deref() !== undefined;

  /** Pushes a large frame with a decoded summary and keeps no strong reference to either. */
  function pushTracked(ring: PacketRing) {
    const bytes = tagged(0, LARGE);
    const packet = summary(1);
    ring.push(entry(bytes, { summary: packet }));
    return { bytes: new WeakRef(bytes), summary: new WeakRef(packet) };
  }

  it('lets go of an evicted large frame and its summary at once, not when its whole chunk goes', async () => {
    const ring = new PacketRing(3, 1);
    const tracked = pushTracked(ring);
    ring.push(entry(tagged(1, 8)));
    ring.push(entry(tagged(2, 8)));
    await collect();
    expect([alive(tracked.bytes), alive(tracked.summary)]).toEqual([true, true]);

    ring.push(entry(tagged(3, 8)));
    await collect();
    expect([alive(tracked.bytes), alive(tracked.summary)]).toEqual([false, false]);
    expect(counts(ring)).toEqual({ total: 4, size: 3, first: 1, dropped: 1 });
  });
});

describe('PacketRing against an array model', () => {
  const POOL = randomBytes(mulberry32(SEED ^ 0xb17e5), 64 * 1024);
  const OPERATIONS = 40_000;

  function randomLength(rng: Rng): number {
    const r = rng();
    if (r < 0.005) return MAX_PACKED_BYTES + 1 + int(rng, 40_000);
    if (r < 0.035) return MAX_PACKED_BYTES - 2 + int(rng, 5);
    if (r < 0.2) return 2 + int(rng, 1024);
    return 2 + int(rng, 64);
  }

  function randomEntry(rng: Rng, i: number): CaptureEntry {
    const length = randomLength(rng);
    const offset = int(rng, POOL.byteLength - length);
    const e = entry(POOL.subarray(offset, offset + length), {
      direction: rng() < 0.5 ? 'in' : 'out',
      time: rng() * 2e12,
      socket: 1 + int(rng, 100_000),
      protocolVersion: ([3, 4, 5] as const)[int(rng, 3)]!,
    });
    if (rng() < 0.1) {
      if (rng() < 0.5) e.malformed = `bad ${i}`;
      if (rng() < 0.5) e.summary = summary(i & 0xffff);
      if (rng() < 0.5) e.flowId = int(rng, 3);
      if (rng() < 0.5) e.flowProblems = [`problem ${i}`];
    }
    return e;
  }

  const EXTRAS = ['malformed', 'summary', 'flowId', 'flowProblems'] as const;
  function differs(actual: CaptureEntry | undefined, expected: CaptureEntry | undefined): string | undefined {
    if (!expected) return actual ? `got no ${actual.no} where nothing is kept` : undefined;
    if (!actual) return `no ${expected.no} missing`;
    for (const key of ['no', 'direction', 'time', 'socket', 'protocolVersion', 'malformed', 'flowId'] as const) {
      if (actual[key] !== expected[key]) return `no ${expected.no}: ${key} ${String(actual[key])} ≠ ${String(expected[key])}`;
    }
    for (const key of EXTRAS) if (key in actual !== key in expected) return `no ${expected.no}: ${key} present ${key in actual}`;
    if (JSON.stringify([actual.summary, actual.flowProblems]) !== JSON.stringify([expected.summary, expected.flowProblems])) {
      return `no ${expected.no}: summary or flow problems differ`;
    }
    const bytes = bytesDiffer(actual.bytes, expected.bytes);
    return bytes && `no ${expected.no}: ${bytes}`;
  }

  /** Pushes and reads at random, checking every answer against the kept tail of an array. */
  function run(seed: number, capacity: number) {
    const rng = mulberry32(seed);
    const firstNo = 1 + int(rng, 1000);
    const ring = new PacketRing(capacity, firstNo);
    // The model: every packet pushed, oldest first, with the dropped ones cut off now and then;
    // model[head] is the oldest kept, absolute index `modelFirst`.
    let model: CaptureEntry[] = [];
    let head = 0;
    let modelFirst = 0;
    let large = 0;
    // Small frames arrive in a buffer that is overwritten by the next one, as a socket's chunk can be.
    const scratch = new Uint8Array(MAX_PACKED_BYTES);
    const expectedAt = (index: number) => (index >= modelFirst ? model[head + index - modelFirst] : undefined);

    for (let op = 0; op < OPERATIONS; op++) {
      let problem: string | undefined;
      if (rng() < 0.7) {
        const index = modelFirst + model.length - head;
        const e = randomEntry(rng, index);
        const length = e.bytes.byteLength;
        if (length > MAX_PACKED_BYTES) {
          large++;
          ring.push(e);
        } else {
          scratch.set(e.bytes);
          ring.push({ ...e, bytes: scratch.subarray(0, length) });
          scratch.fill(0xee, 0, length);
        }
        model.push({ ...e, no: firstNo + index });
        if (model.length - head > capacity) {
          head += 1;
          modelFirst += 1;
        }
        if (head > CHUNK) {
          model = model.slice(head);
          head = 0;
        }
        problem = differs(ring.at(index), expectedAt(index));
      } else {
        const index = modelFirst - 2 + int(rng, model.length - head + 4);
        problem = differs(ring.at(index), expectedAt(index));
      }
      problem ??= countsDiffer(ring, model.length - head, modelFirst);
      if (problem) return { problem: `seed ${seed}, operation ${op}: ${problem}`, dropped: ring.dropped, large };
    }
    return { problem: undefined, dropped: ring.dropped, large };
  }

  it.each([1, 1_000, CHUNK, CHUNK + 904, 3 * CHUNK + 1])('agrees with the model at capacity %i', (capacity) => {
    const result = run(SEED + capacity, capacity);
    expect(result.problem).toBeUndefined();
    // The run must have evicted across chunk boundaries and stored frames in their own buffers.
    expect(result.dropped).toBeGreaterThan(CHUNK);
    expect(result.large).toBeGreaterThan(0);
  });
});
