/** What one socket read takes at most (libuv's own default). */
export const READ_BUFFER_BYTES = 64 * 1024;
/** How long a socket under a firehose waits before reading again. */
export const READ_PAUSE_MS = 1;

/**
 * When to let a socket's data gather before reading it. A broker sending a firehose writes a
 * message or two at a time, and a reader that is always waiting is woken for each: at 40,000
 * msg/s the engine was woken ~20,000 times a second, two messages a wake-up, each a context
 * switch for it and a wake-up the broker pays for too. So when reads come less than
 * READ_PAUSE_MS apart and do not fill the buffer, the socket pauses that long after the read:
 * what arrives meanwhile is taken in one read. A message on its own is read at once, as before;
 * in a flood a message waits at most about a millisecond longer.
 */
export class ReadPacer {
  private lastReadAt = -Infinity;

  /** A read of `bytes` just happened at `now` (ms): should the socket pause before the next one? */
  pauseAfter(bytes: number, now: number): boolean {
    const soon = now - this.lastReadAt < READ_PAUSE_MS;
    this.lastReadAt = now;
    return soon && bytes < READ_BUFFER_BYTES;
  }
}
