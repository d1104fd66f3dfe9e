import { describe, expect, it, vi } from 'vitest';
import type { Channel, Disposable } from '../../src/shared/contract/channel';
import { IPC_ACK, IPC_EVENT, IPC_LISTEN } from '../../src/shared/contract/ipcChannels';
import { Emitter } from '../../src/shared/event';
import { CONGESTED_BYTES, CongestionMonitor } from '../../src/main/transport/congestion';

// ipcMain as Electron's: handlers by channel, called with an event carrying the sender.
const handlers = vi.hoisted(() => new Map<string, (event: unknown, ...args: unknown[]) => void>());
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => handlers.set(channel, fn),
    on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => handlers.set(channel, fn),
  },
}));
const { serveChannelOverIpc } = await import('../../src/main/electron/ipcAdapter');

/** A window whose renderer has stopped handling events: everything sent waits in its queue. */
class StalledWindow {
  readonly received: { id: number; payload: unknown }[] = [];
  isDestroyed = () => false;
  once = () => this;
  send(channel: string, id: number, payload: unknown): void {
    if (channel === IPC_EVENT) this.received.push({ id, payload });
  }
}

function serve() {
  const batches = new Emitter<{ bytes: Uint8Array; n: number }>();
  const connections = new Emitter<string[]>();
  const host: Channel = {
    call: async () => undefined,
    listen: (service, event, listener): Disposable =>
      service === 'connections' && event === 'onDidReceiveMessages' ? batches.event(listener as never) : connections.event(listener as never),
  };
  const congestion = new CongestionMonitor();
  serveChannelOverIpc(host, congestion, () => true);
  const window = new StalledWindow();
  const event = { sender: window, senderFrame: { url: 'app://qoscope/index.html', parent: null } };
  handlers.get(IPC_LISTEN)!(event, 1, 'connections', 'onDidReceiveMessages');
  handlers.get(IPC_LISTEN)!(event, 2, 'connections', 'onDidChangeConnections');
  const ack = (count: number) => {
    for (let i = 0; i < count; i += 1) handlers.get(IPC_ACK)!(event);
  };
  return { batches, connections, congestion, window, ack };
}

describe('desktop window backpressure over IPC', () => {
  it('stops sending live batches to a window that has not handled 8 MB, keeps other events flowing, and resumes with the newest batch', () => {
    const { batches, connections, congestion, window, ack } = serve();
    const batch = (n: number) => ({ bytes: new Uint8Array(1024 * 1024), n });
    for (let n = 1; n <= 40; n += 1) batches.fire(batch(n));
    const live = () => window.received.filter((item) => item.id === 1);
    // Bounded: the window holds a little over the threshold, not 40 MB.
    expect(live().length).toBeLessThanOrEqual(CONGESTED_BYTES / (1024 * 1024) + 1);
    expect(congestion.isBehind(window)).toBe(true);
    // The connection list is not a firehose: it always goes through.
    connections.fire(['a']);
    expect(window.received.at(-1)).toEqual({ id: 2, payload: ['a'] });

    // The renderer wakes and handles everything it had: the newest skipped batch follows, which
    // tells it how far the engine got (it fetches the gap from the store).
    ack(window.received.length);
    expect(congestion.isBehind(window)).toBe(false);
    expect((live().at(-1)!.payload as { n: number }).n).toBe(40);
  });

  it('sends every batch to a window that keeps up', () => {
    const { batches, window, ack } = serve();
    for (let n = 1; n <= 40; n += 1) {
      batches.fire({ bytes: new Uint8Array(1024 * 1024), n });
      ack(1);
    }
    expect(window.received.map((item) => (item.payload as { n: number }).n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
