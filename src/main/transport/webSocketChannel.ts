import type { WebSocket } from 'ws';
import { decode, encode } from '@msgpack/msgpack';
import type { Channel, Disposable } from '../../shared/contract/channel';
import { toErrorValue } from '../../shared/contract/channel';
import { clientFrameSchema, type ServerFrame } from '../../shared/contract/wire';
import { LIVE_STREAMS, type CongestionMonitor } from './congestion';

/**
 * Serves the contract to one browser-mode page over its WebSocket: every frame is validated,
 * every call answered with a value or an error value, and every listener disposed when the page
 * goes away. How much is waiting to go out to the page is reported to `congestion` after every
 * send and every completed write; while this page is behind, live batches for it are skipped
 * rather than queued (other pages are not affected), and it catches up from the engine's store.
 */
export function serveChannelOverWebSocket(socket: WebSocket, host: Channel, congestion: CongestionMonitor): void {
  const listeners = new Map<number, Disposable>();
  // ws has no event for bufferedAmount going down, but each send's callback runs once its frame
  // is written to the OS: while anything is queued, a later callback is still to come.
  // Per skippable listener, the newest event skipped while the page was behind. Once it has
  // drained, that one is sent: it tells the page how far the engine got, and the page fetches the
  // gap before it from the engine (the store, the capture), even if nothing new arrives after.
  const skipped = new Map<number, unknown>();
  const measure = () => {
    if (socket.readyState !== socket.OPEN) return;
    congestion.report(socket, socket.bufferedAmount);
    if (skipped.size === 0 || congestion.isBehind(socket)) return;
    const newest = [...skipped];
    skipped.clear();
    for (const [id, payload] of newest) send({ t: 'event', id, payload });
  };
  const send = (frame: ServerFrame) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(encode(frame, { ignoreUndefined: true }), measure);
    measure();
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
          const skippable = LIVE_STREAMS.has(`${frame.service}.${frame.event}`);
          const { id } = frame;
          listeners.set(
            id,
            host.listen(frame.service, frame.event, (payload) => {
              if (skippable && congestion.isBehind(socket)) skipped.set(id, payload);
              else send({ t: 'event', id, payload });
            }),
          );
        } catch (error) {
          send({ t: 'result', id: frame.id, ok: false, error: toErrorValue(error) });
        }
        break;
      case 'dispose':
        skipped.delete(frame.id);
        listeners.get(frame.id)?.dispose();
        listeners.delete(frame.id);
        break;
    }
  });

  socket.on('close', () => {
    for (const listener of listeners.values()) listener.dispose();
    listeners.clear();
    skipped.clear();
    congestion.remove(socket);
  });
}
