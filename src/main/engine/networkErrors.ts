import type { ConnectionProfile } from '../../shared/domain/profile';
import type { SocketError } from '../wire/wireObservers';
import { describeTlsError } from './tls/tlsErrors';

/** Socket and handshake failures in words a user can act on. */
export function describeNetworkError(error: SocketError, profile: ConnectionProfile, trustStore?: string): string {
  // First: a reset may be TLS spoken on one end only, which the plain words below would hide.
  const tls = describeTlsError(error, profile, trustStore);
  if (tls) return tls;
  const where = `${profile.host}:${profile.port}`;
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Nothing is listening at ${where} (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Host not found: ${profile.host}`;
    case 'ETIMEDOUT':
      return `No answer from ${where} (timed out)`;
    case 'ECONNRESET':
      return `The broker at ${where} closed the connection`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable from this machine`;
    default:
      break;
  }
  if (error.message === 'connack timeout') return `The broker at ${where} did not answer CONNECT in time`;
  if (error.message === 'Keepalive timeout') return 'The broker stopped answering pings (keepalive timeout)';
  if (/Unexpected server response: (\d+)/.test(error.message)) {
    return `WebSocket handshake refused by ${where}${profile.path}: ${error.message}`;
  }
  return error.message || 'Connection failed';
}
