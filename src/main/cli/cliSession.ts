import { Session, type SessionMessage } from '../engine/session';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { ConnectionState } from '../../shared/domain/connection';
import { decodePacket } from '../../shared/inspector/packets/decodePacket';
import type { PacketObserver } from '../wire/wireObservers';
import { ConnectionError } from './cliErrors';

export type CliSessionOptions = {
  onMessage?(message: SessionMessage): void;
  /** Every control packet in and out, decoded as the inspector names it, one line each. */
  printPacket?(line: string): void;
  /** The connection closed after connecting (broker gone, refused a packet). */
  onClosed?(reason: string): void;
  /** Sees every packet of the connection, as the app's capture does (record to pcapng). */
  capture?: PacketObserver;
};

/**
 * The engine's session, the same one the app uses (correct DUP on resend, Receive Maximum kept,
 * bad broker packets refused), without reconnecting: a command that loses its broker says so.
 */
export async function openSession(profile: ConnectionProfile, options: CliSessionOptions = {}): Promise<Session> {
  let connected = false;
  const session = new Session(
    { ...profile, reconnect: { enabled: false, minDelay: 1, maxDelay: 1 } },
    {
      onStateChange: (state: ConnectionState) => {
        if (state.status === 'connected') connected = true;
        else if (connected && (state.status === 'closed' || state.status === 'reconnecting')) options.onClosed?.(state.reason);
      },
      onSubscriptionsChange: () => undefined,
      onMessage: (message) => options.onMessage?.(message),
      reportsSent: false,
      ...(options.capture ? { onSocketOpen: () => options.capture! } : options.printPacket ? { onSocketOpen: () => packetPrinter(profile, options.printPacket!) } : {}),
    },
  );
  try {
    await session.connect();
  } catch (error) {
    await session.disconnect().catch(() => undefined);
    throw new ConnectionError(`${profile.host}:${profile.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return session;
}

function packetPrinter(profile: ConnectionProfile, print: (line: string) => void): PacketObserver {
  return {
    keep: (view) => view.slice(),
    onPacket: (direction, frame) => {
      const packet = decodePacket(frame.bytes, { protocolVersion: frame.protocolVersion ?? profile.protocolVersion, direction });
      const problems = packet.problems.length ? `  ⚠ ${packet.problems.join('; ')}` : '';
      print(`${direction === 'in' ? '←' : '→'} ${packet.type}${packet.summary ? ` ${packet.summary}` : ''}${problems}`);
      return 0;
    },
    onEndpoints: () => undefined,
  };
}
