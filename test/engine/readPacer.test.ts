/**
 * Under a firehose the engine lets a socket's data gather for a millisecond between reads, so it
 * is woken once per batch instead of once per message or two; a message on its own is read at once.
 */
import { describe, expect, it } from 'vitest';
import { READ_BUFFER_BYTES, READ_PAUSE_MS, ReadPacer } from '../../src/main/engine/readPacer';

describe('ReadPacer', () => {
  it('never pauses after reads that come apart: a trickle of messages is read as it comes', () => {
    const pacer = new ReadPacer();
    for (let t = 0; t < 1_000; t += 50) expect(pacer.pauseAfter(80, t)).toBe(false);
  });

  it('pauses after the second of two small reads in quick succession, and not after the first read that follows the pause', () => {
    const pacer = new ReadPacer();
    expect(pacer.pauseAfter(160, 10)).toBe(false);
    expect(pacer.pauseAfter(80, 10.05)).toBe(true);
    // The socket read again after the pause: what gathered meanwhile comes in one read.
    expect(pacer.pauseAfter(4_000, 10.05 + READ_PAUSE_MS)).toBe(false);
  });

  it('keeps reading while reads fill the buffer: a large message is not slowed down', () => {
    const pacer = new ReadPacer();
    for (let i = 0; i < 100; i += 1) expect(pacer.pauseAfter(READ_BUFFER_BYTES, i * 0.01)).toBe(false);
    // The end of it, shorter than the buffer, with more reads close behind: now it pauses.
    expect(pacer.pauseAfter(1_000, 1.0)).toBe(true);
  });
});
