// Plain MessageRecord[] vs PackedMessageBatch over the two transports: msgpack (browser mode)
// and structured clone (Electron IPC). A measurement to read, not a test: `npx jiti bench/packedBatch.micro.ts`.
import { decode, encode } from '@msgpack/msgpack';
import type { MessageRecord } from '../src/shared/domain/message';
import { fromWire, toWire, unpackMessages } from '../src/shared/domain/packedBatch';
import { packMessages } from '../src/shared/domain/packedBatchBuilder';

const MESSAGES = Number(process.env.MESSAGES ?? 10_000);
const TOPICS = 500;
const PAYLOAD_BYTES = 64;
const ROUNDS = 40;

const messages: MessageRecord[] = [];
for (let i = 0; i < MESSAGES; i++) {
  const payload = new Uint8Array(PAYLOAD_BYTES);
  for (let b = 0; b < PAYLOAD_BYTES; b++) payload[b] = (i + b) & 0xff;
  messages.push({
    connectionId: `conn-${i % 4}`,
    seq: 1_000_000 + i,
    direction: 'in',
    topic: `plant/line-${i % 20}/sensor-${i % TOPICS}/value`,
    payload,
    qos: (i % 3) as 0 | 1 | 2,
    retain: false,
    dup: false,
    // The engine spreads toMessageProperties' result, so the key exists and is usually undefined.
    properties: undefined,
    time: 1_763_791_234_567.123 + i / 50,
  });
}

// Median of ROUNDS runs after a warm-up, in ms.
function time(run: () => unknown): number {
  for (let i = 0; i < 5; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const options = { ignoreUndefined: true }; // as the WebSocket channel encodes
const plainFrame = encode({ messages }, options);
const packedFrame = encode(toWire(packMessages(messages)), options);

const packed = packMessages(messages);
const received = fromWire(decode(packedFrame));

const rows: [string, number][] = [
  ['plain  msgpack encode', time(() => encode({ messages }, options))],
  ['plain  msgpack decode', time(() => decode(plainFrame))],
  ['plain  msgpack encode+decode', time(() => decode(encode({ messages }, options)))],
  ['packed packMessages', time(() => packMessages(messages))],
  ['packed toWire+msgpack encode', time(() => encode(toWire(packed), options))],
  ['packed msgpack decode+fromWire', time(() => fromWire(decode(packedFrame)))],
  ['packed unpackMessages', time(() => unpackMessages(received))],
  ['packed pack…fromWire (end to end)', time(() => fromWire(decode(encode(toWire(packMessages(messages)), options))))],
  ['packed pack…unpackMessages', time(() => unpackMessages(fromWire(decode(encode(toWire(packMessages(messages)), options)))))],
  ['plain  structuredClone', time(() => structuredClone({ messages }))],
  ['packed structuredClone', time(() => structuredClone(packed))],
  ['packed pack+structuredClone', time(() => structuredClone(packMessages(messages)))],
];

console.log(`${MESSAGES} messages, ${PAYLOAD_BYTES}-byte payloads, ${TOPICS} topics, 4 connections; median of ${ROUNDS} (ms)`);
for (const [name, ms] of rows) console.log(`  ${name.padEnd(38)} ${ms.toFixed(2).padStart(8)}`);
console.log(`  encoded size plain   ${plainFrame.byteLength} B (${(plainFrame.byteLength / MESSAGES).toFixed(1)} B/message)`);
console.log(`  encoded size packed  ${packedFrame.byteLength} B (${(packedFrame.byteLength / MESSAGES).toFixed(1)} B/message)`);
