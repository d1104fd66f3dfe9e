import { decode, encode } from '@msgpack/msgpack';
import type { Channel, Disposable } from '../../shared/contract/channel';
import { RemoteError } from '../../shared/errors/errors';
import type { ClientFrame, ServerFrame } from '../../shared/contract/wire';

export type LinkState = 'connecting' | 'open' | 'lost';

/**
 * Browser mode: the contract over one WebSocket to the engine process. The access token travels
 * in the socket's path, which is relative to the page's own (the printed URL).
 */
export class WebSocketTransport implements Channel {
  private readonly socket: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<number, (payload: unknown) => void>();
  private readonly ready: Promise<void>;

  constructor(url: string, onState: (state: LinkState) => void) {
    this.socket = new WebSocket(url);
    this.socket.binaryType = 'arraybuffer';
    onState('connecting');
    this.ready = new Promise((resolve) => this.socket.addEventListener('open', () => resolve(), { once: true }));
    this.socket.addEventListener('open', () => onState('open'));
    this.socket.addEventListener('close', () => {
      onState('lost');
      for (const { reject } of this.pending.values()) reject(new Error('Lost the connection to the QoScope engine'));
      this.pending.clear();
    });
    this.socket.addEventListener('message', (event) => this.receive(event.data as ArrayBuffer));
  }

  async call(service: string, method: string, args: readonly unknown[]): Promise<unknown> {
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    await this.send({ t: 'call', id, service, method, args: [...args] });
    return answer;
  }

  listen(service: string, event: string, listener: (payload: unknown) => void): Disposable {
    const id = this.nextId++;
    this.listeners.set(id, listener);
    void this.send({ t: 'listen', id, service, event });
    return {
      dispose: () => {
        this.listeners.delete(id);
        void this.send({ t: 'dispose', id });
      },
    };
  }

  private async send(frame: ClientFrame): Promise<void> {
    await this.ready;
    if (this.socket.readyState !== WebSocket.OPEN) throw new Error('Lost the connection to the QoScope engine');
    this.socket.send(encode(frame, { ignoreUndefined: true }));
  }

  private receive(data: ArrayBuffer): void {
    const frame = decode(new Uint8Array(data)) as ServerFrame;
    if (frame.t === 'event') {
      this.listeners.get(frame.id)?.(frame.payload);
      return;
    }
    const pending = this.pending.get(frame.id);
    if (!pending) return;
    this.pending.delete(frame.id);
    if (frame.ok) pending.resolve(frame.value);
    else pending.reject(new RemoteError(frame.error));
  }
}
