import type { ConnectionProfile } from '../../../shared/domain/profile';
import type { SocketError } from '../../wire/wireObservers';

/** What Node attaches to TLS failures beyond `code`: OpenSSL's reason, and for a name mismatch the name and certificate. */
type TlsFailure = SocketError & { reason?: unknown; host?: unknown; cert?: { subjectaltname?: unknown } };

/** Verification codes that all mean: no CA we trust signed this chain. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

/** Other certificate verification failures Node reports by OpenSSL's name. */
const UNVERIFIABLE = new Set(['CERT_SIGNATURE_FAILURE', 'CERT_REVOKED', 'CERT_REJECTED', 'INVALID_CA', 'INVALID_PURPOSE', 'PATH_LENGTH_EXCEEDED']);

/** What OpenSSL says when the other end answered, but not in TLS (a plain MQTT or HTTP port). */
const NOT_TLS = new Set(['wrong version number', 'packet length too long', 'http request', 'record layer failure']);

/** Alerts a server sends about the certificate we presented, or failed to present. */
const CLIENT_CERTIFICATE_ALERTS = new Set([
  'certificate required',
  'bad certificate',
  'unsupported certificate',
  'certificate revoked',
  'certificate expired',
  'certificate unknown',
  'unknown ca',
  'access denied',
]);

/**
 * TLS failures in words a user can act on, with Node's code in parentheses for searching; also the
 * resets that mean TLS was spoken on one end only. undefined when the error is not about TLS.
 * `trustStore` names the CAs the certificate was checked against (see PreparedTls).
 */
export function describeTlsError(error: TlsFailure, profile: ConnectionProfile, trustStore?: string): string | undefined {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (!code) return undefined;
  const where = `${profile.host}:${profile.port}`;

  if (UNTRUSTED.has(code)) {
    return `The server certificate is not trusted by ${trustStore ?? "Node's built-in CA list"} (${code}): add its CA to the profile, or turn off verification`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const name = typeof error.host === 'string' ? error.host : profile.tls?.serverName || profile.host;
    const names = typeof error.cert?.subjectaltname === 'string' ? `: it is for ${error.cert.subjectaltname}` : '';
    return `The server certificate is not valid for ${name} (${code})${names}`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `The server certificate has expired (${code}): the broker must renew it, unless this computer's clock is wrong`;
  if (code === 'CERT_NOT_YET_VALID') return `The server certificate is not valid yet (${code}): check this computer's clock`;
  if (UNVERIFIABLE.has(code)) return `The server certificate failed verification (${code})`;

  const reason = sslReason(error, code);
  const alert = reason && /^(?:sslv3|tlsv1|tlsv13) alert (.+)$/.exec(reason)?.[1];
  const detail = code === 'EPROTO' ? `${reason}, EPROTO` : code;
  if (alert) return describeAlert(alert, detail, profile);
  if (error.unanswered && (code === 'ECONNRESET' || code === 'EPIPE')) return describeOneSidedTls(profile, code);
  if (reason && NOT_TLS.has(reason)) {
    return `${where} did not answer in TLS (${detail}): if it is a plain port, choose ${profile.transport === 'wss' ? 'ws' : 'mqtt'}, or use the broker's TLS port`;
  }
  if (reason) return `The TLS connection to ${where} failed: ${reason} (${detail})`;
  return undefined;
}

/**
 * OpenSSL's reason in lower case ("tlsv13 alert certificate required", "wrong version number"):
 * from Node's `reason`, its code, or for errors raised on write (EPROTO) the library's text.
 * The BoringSSL inside Electron writes the same reasons as SSLV3_ALERT_HANDSHAKE_FAILURE.
 */
function sslReason(error: TlsFailure, code: string): string | undefined {
  const raw =
    (typeof error.reason === 'string' ? error.reason : undefined) ??
    /^ERR_SSL_(.+)$/.exec(code)?.[1] ??
    (code === 'EPROTO' ? /SSL routines:[^:]*:([^:]+)/.exec(error.message)?.[1] : undefined);
  return raw?.toLowerCase().replaceAll('_', ' ').trim();
}

function describeAlert(alert: string, detail: string, profile: ConnectionProfile): string {
  const haveCertificate = Boolean(profile.tls?.certFile);
  if (CLIENT_CERTIFICATE_ALERTS.has(alert)) {
    if (!haveCertificate) return `The broker requires a client certificate (${detail}): add one and its key to the profile`;
    const why =
      alert === 'unknown ca'
        ? ': it does not trust the CA that signed it'
        : alert === 'certificate expired'
          ? ': it has expired'
          : alert === 'certificate revoked'
            ? ': it was revoked'
            : '';
    return `The broker rejected our client certificate (${detail})${why}`;
  }
  switch (alert) {
    // TLS 1.2 brokers answer a missing client certificate with a bare handshake failure.
    case 'handshake failure':
      return haveCertificate
        ? `The broker ended the TLS handshake (${detail}): it accepts none of our TLS versions and ciphers, or not our client certificate`
        : `The broker ended the TLS handshake (${detail}): it probably requires a client certificate, or accepts none of our TLS versions and ciphers`;
    case 'protocol version':
      return `The broker accepts none of our TLS versions (${detail})`;
    case 'no application protocol':
      return `The broker accepts none of the ALPN protocols ${profile.tls?.alpn?.join(', ') || '(none given)'} (${detail})`;
    case 'unrecognized name':
      return `The broker does not know the server name ${profile.tls?.serverName || profile.host} (${detail})`;
    default:
      return `The broker ended the TLS handshake with the alert "${alert}" (${detail})`;
  }
}

/** A reset before the first answer: the classic sign of TLS on one end and not the other. */
function describeOneSidedTls(profile: ConnectionProfile, code: string): string {
  const where = `${profile.host}:${profile.port}`;
  switch (profile.transport) {
    case 'mqtts':
      return `The broker at ${where} closed the connection during the TLS handshake (${code}): if that port is plain MQTT, choose mqtt, or use the broker's TLS port`;
    case 'wss':
      return `The broker at ${where} closed the connection before the secure WebSocket handshake finished (${code}): if that port is plain WebSocket, choose ws, or use the broker's TLS port`;
    case 'ws':
      return `The broker at ${where} closed the connection without answering the WebSocket handshake (${code}): if that port expects TLS, choose wss`;
    case 'mqtt':
      return `The broker at ${where} closed the connection without answering (${code}): if that port expects TLS, choose mqtts`;
  }
}
