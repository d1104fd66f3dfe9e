import { guardSocket } from '../src/main/engine/socketGuard';
import { ConnectionCapture } from '../src/main/inspector/connectionCapture';
const frame = new Uint8Array([0x30, 2 + 12 + 64, 0, 12, ...Buffer.from('bench/ingest'), ...Buffer.alloc(64, 120)]);
const N = 200_000;
const chunk = new Uint8Array(frame.length * 1000);
for (let i = 0; i < 1000; i++) chunk.set(frame, i * frame.length);
let rows = 0;
const cap = new ConnectionCapture('c', 200_000, () => rows++);
// The engine's path: the socket's bytes framed and judged once, then recorded.
const obs = guardSocket(4, cap.openSocket(), { onChunk: () => undefined, onViolation: () => undefined });
const t0 = performance.now();
for (let i = 0; i < N / 1000; i++) obs.onReceive(chunk, () => undefined);
const t1 = performance.now();
console.log(`capture: ${((t1 - t0) * 1000 / N).toFixed(2)} µs/packet, rows ${rows}`);
