import { isIP } from 'node:net';
import { UserError } from '../../../shared/errors/errors';
import { isTlsTransport, type ConnectionProfile, type TlsOptions } from '../../../shared/domain/profile';
import { basename } from 'node:path';
import { parsePrivateKey, readCertificateFile, readPemFile } from './pemFiles';
import { systemTrustStore } from './systemTrustStore';

/**
 * The Node TLS options for one profile, read and checked before connecting: MQTT.js opens every
 * socket from a synchronous stream builder, which cannot wait for a file. Spreads into both
 * tls.connect and ws's client options.
 */
export interface PreparedTls {
  /** The profile's CA files, or the operating system's CAs with Node's bundled ones. */
  ca: string[];
  cert?: string;
  key?: string;
  passphrase?: string;
  rejectUnauthorized: boolean;
  servername?: string;
  ALPNProtocols?: string[];
  /**
   * Not a Node option: the trust store in words, completing "verified by …" and "not trusted by …",
   * e.g. "your CA file ca.pem" or "the operating system's trust store (Linux: /etc/ssl/certs/ca-certificates.crt)".
   */
  trustStore: string;
}

/** The TLS form fields a file problem is shown next to. */
export type TlsFileField = 'tls.caFiles' | 'tls.certFile' | 'tls.keyFile' | 'tls.passphrase';

/** The order problems are reported in when only one can be shown (connect's error). */
const FIELD_ORDER: readonly TlsFileField[] = ['tls.caFiles', 'tls.certFile', 'tls.keyFile', 'tls.passphrase'];

/** What mqtts/wss means when the profile has no TLS section yet: the system's CAs, verified. */
const DEFAULT_TLS: TlsOptions = { caFiles: [], verifyServer: true };

type LoadedFiles = {
  problems: Partial<Record<TlsFileField, string>>;
  ca: string[];
  cert?: string;
  key?: string;
};

/** undefined for mqtt and ws; otherwise the options, or a UserError naming the first problem. */
export async function prepareTls(profile: ConnectionProfile): Promise<PreparedTls | undefined> {
  if (!isTlsTransport(profile.transport)) return undefined;
  const tls = profile.tls ?? DEFAULT_TLS;
  const loaded = await loadTlsFiles(tls);
  const first = FIELD_ORDER.map((field) => loaded.problems[field]).find((problem) => problem !== undefined);
  if (first) throw new UserError('tls.invalid-file', first);

  const store = loaded.ca.length > 0 ? { ca: loaded.ca, name: caFilesName(tls.caFiles) } : await systemTrustStore();
  const prepared: PreparedTls = { ca: store.ca, trustStore: store.name, rejectUnauthorized: tls.verifyServer };
  if (loaded.cert && loaded.key) {
    prepared.cert = loaded.cert;
    prepared.key = loaded.key;
    if (tls.passphrase) prepared.passphrase = tls.passphrase;
  }
  const servername = serverName(profile.host, tls.serverName?.trim());
  if (servername) prepared.servername = servername;
  if (tls.alpn && tls.alpn.length > 0) prepared.ALPNProtocols = tls.alpn;
  return prepared;
}

/** Inline errors for the connection form, keyed by field path; empty when every file is usable. */
export async function checkTlsFiles(tls: TlsOptions): Promise<Record<string, string>> {
  const { problems } = await loadTlsFiles(tls);
  return Object.fromEntries(FIELD_ORDER.flatMap((field) => (problems[field] ? [[field, problems[field]]] : [])));
}

async function loadTlsFiles(tls: TlsOptions): Promise<LoadedFiles> {
  const problems: LoadedFiles['problems'] = {};
  const note = (field: TlsFileField, problem: string) => {
    problems[field] ??= problem;
  };
  const [cas, cert, key] = await Promise.all([
    Promise.all(tls.caFiles.map((path) => readCertificateFile(path))),
    tls.certFile ? readCertificateFile(tls.certFile) : undefined,
    tls.keyFile ? readPemFile(tls.keyFile) : undefined,
  ]);

  const ca: string[] = [];
  for (const file of cas) {
    if (file.ok) ca.push(file.value.pem);
    else note('tls.caFiles', file.problem);
  }

  // Both or neither: Node would otherwise fail later, inside the synchronous socket builder.
  if (tls.certFile && !tls.keyFile) note('tls.keyFile', 'A client certificate needs its private key');
  if (tls.keyFile && !tls.certFile) note('tls.certFile', 'A private key needs its client certificate');
  if (cert && !cert.ok) note('tls.certFile', cert.problem);
  if (key && !key.ok) note('tls.keyFile', key.problem);

  if (tls.keyFile && key?.ok) {
    const parsed = parsePrivateKey(key.value, tls.keyFile, tls.passphrase);
    if ('problem' in parsed) note(`tls.${parsed.field}`, parsed.problem);
    // The first certificate of a chain file is ours; the rest are intermediates.
    else if (cert?.ok && !cert.value.certificates[0]?.checkPrivateKey(parsed.key)) note('tls.keyFile', 'The certificate and key do not match');
  }

  return {
    problems,
    ca,
    ...(cert?.ok ? { cert: cert.value.pem } : {}),
    ...(key?.ok ? { key: key.value } : {}),
  };
}

function caFilesName(paths: string[]): string {
  const names = paths.map((path) => basename(path)).join(', ');
  return paths.length === 1 ? `your CA file ${names}` : `your CA files ${names}`;
}

/**
 * SNI must be a name (RFC 6066 §3; Node warns about an IP), so an IP literal is not sent; without a
 * server name Node checks the certificate against the host.
 */
function serverName(host: string, configured: string | undefined): string | undefined {
  const name = configured || host;
  return isIP(unbracket(name)) === 0 ? name : undefined;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
