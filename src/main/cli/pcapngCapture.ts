import type { CapturedPacket } from '../../shared/inspector/packets/types';
import { writePcapng, type SocketEndpoints } from '../inspector/pcapng';
import type { PacketObserver } from '../wire/wireObservers';

/**
 * Every packet of a command's connections in one list, numbered as the pcapng's frames will be:
 * each `openSocket()` is one network connection (`qoscope record` has one, `check` one per probe).
 */
export class PcapngCapture {
  readonly packets: CapturedPacket[] = [];
  private readonly endpoints = new Map<number, SocketEndpoints>();
  private sockets = 0;

  openSocket(): PacketObserver {
    const socket = ++this.sockets;
    return {
      keep: (view) => view.slice(),
      onPacket: (direction, frame, time) => {
        this.packets.push({ connectionId: '', no: this.packets.length + 1, direction, time, socket, bytes: frame.bytes, ...(frame.malformed ? { malformed: frame.malformed } : {}) });
        return this.packets.length;
      },
      onEndpoints: (found) => this.endpoints.set(socket, found),
    };
  }

  pcapng(appName: string): Buffer {
    return writePcapng(this.packets, (socket) => this.endpoints.get(socket), { appName });
  }
}
