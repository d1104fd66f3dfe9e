import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { generate } from 'selfsigned';
import { machineAddresses } from './machineAddresses';
import type { BrokerTlsSettings } from '../../shared/domain/brokerTls';

/** What the TLS listeners present, and what the user is shown to recognise it. */
export type TlsIdentity = {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, as `AA:BB:…`: what a device owner compares. */
  fingerprint: string;
  subject: string;
  validTo: string;
  generated: boolean;
};

/** Made once per run of the app: devices that trusted it stay connected across broker restarts. */
let generatedThisRun: Promise<TlsIdentity> | undefined;

/** The user's certificate and key, or a self-signed pair for this run; a clear error names what is wrong. */
export function loadTlsIdentity(settings: BrokerTlsSettings): Promise<TlsIdentity> {
  if (settings.source === 'generated') return (generatedThisRun ??= generateIdentity());
  return readIdentity(settings.certFile ?? '', settings.keyFile ?? '');
}

async function generateIdentity(): Promise<TlsIdentity> {
  const host = os.hostname();
  // The names a device on this machine or the LAN may use to reach the broker.
  const addresses = machineAddresses({ lan: false });
  const pems = await generate([{ name: 'commonName', value: `QoScope embedded broker (${host})` }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 2, value: host }, ...[...new Set(['127.0.0.1', '::1', ...addresses])].map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  return describe(pems.cert, pems.private, true);
}

async function readIdentity(certFile: string, keyFile: string): Promise<TlsIdentity> {
  const cert = await readPem(certFile, 'certificate');
  const key = await readPem(keyFile, 'private key');
  try {
    new X509Certificate(cert);
  } catch (error) {
    throw new Error(`${certFile} is not a PEM certificate: ${(error as Error).message}`);
  }
  try {
    createPrivateKey(key);
  } catch (error) {
    throw new Error(`${keyFile} is not a PEM private key (an encrypted key is not supported): ${(error as Error).message}`);
  }
  try {
    // Refuses a key that does not belong to the certificate, before any device finds out.
    createSecureContext({ cert, key });
  } catch (error) {
    throw new Error(`The key in ${keyFile} does not match the certificate in ${certFile}: ${(error as Error).message}`);
  }
  return describe(cert, key, false);
}

async function readPem(file: string, what: string): Promise<string> {
  if (!file) throw new Error(`Choose the ${what} file for the TLS listeners`);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Could not read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

function describe(cert: string, key: string, generated: boolean): TlsIdentity {
  const x509 = new X509Certificate(cert);
  return { cert, key, fingerprint: x509.fingerprint256, subject: x509.subject.replace(/\n/g, ', '), validTo: x509.validTo, generated };
}
