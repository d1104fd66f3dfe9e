import type { Socket } from 'node:net';

/**
 * Lets a client's socket gather what the broker writes to it during one turn of the event loop
 * into one system call. Aedes writes each PUBLISH on its own, and mqtt-packet flushes each at the
 * next tick: with a hundred subscribers, a busy topic cost one `writev` per message per client,
 * the broker's largest single cost in fan-out. Corked on the first write of a turn, uncorked when
 * the turn ends (setImmediate runs after the I/O of this turn), so nothing waits longer than that.
 */
export function coalesceWrites(socket: Socket): void {
  let corked = false;
  const uncork = () => {
    corked = false;
    if (!socket.destroyed) socket.uncork();
  };
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      setImmediate(uncork);
    }
    return write(...args);
  }) as typeof socket.write;
}
