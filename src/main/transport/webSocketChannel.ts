import type { WebSocket } from 'ws';
import { decode, encode } from '@msgpack/msgpack';
import type { Channel, Disposable } from '../../shared/contract/channel';
import { toErrorValue } from '../../shared/errors/errors';
import { clientFrameSchema, type ServerFrame } from '../../shared/contract/wire';
import type { CongestionMonitor } from './congestion';
import { LiveEventGate } from './liveEventGate';

/**
 * Serves the contract to one browser-mode page over its WebSocket: every frame is validated,
 * every call answered with a value or an error value, and every listener disposed when the page
 * goes away. How much is waiting to go out to the page is reported to `congestion` after every
 * send and every completed write; while this page is behind, live batches for it are skipped
 * rather than queued (other pages are not affected), and it catches up from the engine's store.
 */
export function serveChannelOverWebSocket(socket: WebSocket, host: Channel, congestion: CongestionMonitor): void {
  const listeners = new Map<number, Disposable>();
  const send = (frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    // ws has no event for bufferedAmount going down, but each send's callback runs once its frame
    // is written to the OS: while anything is queued, a later callback is still to come.
    socket.send(encode(frame, { ignoreUndefined: true }), measure);
    measure();
  };
  const gate = new LiveEventGate(socket, congestion, (id, payload) => send({ t: 'event', id, payload }));
  const measure = () => {
    if (socket.readyState === socket.OPEN) gate.measured(socket.bufferedAmount);
  };

  socket.on('message', (data, isBinary) => {
    let raw: unknown;
    try {
      raw = isBinary ? decode(data as Buffer) : undefined;
    } catch {
      raw = undefined;
    }
    const parsed = clientFrameSchema.safeParse(raw);
    if (!parsed.success) {
      socket.close(1003, 'Malformed frame');
      return;
    }
    const frame = parsed.data;
    switch (frame.t) {
      case 'call':
        host.call(frame.service, frame.method, frame.args).then(
          (value) => send({ t: 'result', id: frame.id, ok: true, value }),
          (error: unknown) => send({ t: 'result', id: frame.id, ok: false, error: toErrorValue(error) }),
        );
        break;
      case 'listen':
        try {
          listeners.get(frame.id)?.dispose();
          const { id } = frame;
          listeners.set(id, host.listen(frame.service, frame.event, (payload) => gate.event(id, payload)));
          gate.opened(id, frame.service, frame.event);
        } catch (error) {
          send({ t: 'result', id: frame.id, ok: false, error: toErrorValue(error) });
        }
        break;
      case 'dispose':
        gate.closed(frame.id);
        listeners.get(frame.id)?.dispose();
        listeners.delete(frame.id);
        break;
    }
  });

  socket.on('close', () => {
    for (const listener of listeners.values()) listener.dispose();
    listeners.clear();
    gate.dispose();
  });
}
