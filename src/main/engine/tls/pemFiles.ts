import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';

/** What reading or parsing one file gave: its contents, or why it cannot be used, in words. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = (problem: string): Outcome<never> => ({ ok: false, problem });

/**
 * Far above any real certificate bundle (the Mozilla bundle is about 220 KB), far below what would
 * hurt to hold in memory: a mistaken pick of a disk image fails in words instead of by exhaustion.
 */
const MAX_PEM_BYTES = 4 * 1024 * 1024;

const CERTIFICATE_BEGIN = '-----BEGIN CERTIFICATE-----';
const CERTIFICATE_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const PRIVATE_KEY_BLOCK = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/;
/** PKCS#8 "ENCRYPTED PRIVATE KEY", or the traditional OpenSSL form with a Proc-Type header. */
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,\s*ENCRYPTED/;

export async function readPemFile(path: string): Promise<Outcome<string>> {
  try {
    // stat first: a device or FIFO (say /dev/zero) would never finish reading.
    const info = await stat(path);
    if (info.isDirectory()) return fail(`Cannot read ${path}: it is a folder`);
    if (!info.isFile()) return fail(`Cannot read ${path}: it is not a regular file`);
    if (info.size > MAX_PEM_BYTES) return fail(`${basename(path)} is too large to be a PEM file`);
    const bytes = await readFile(path);
    // A PEM file is ASCII; anything with a NUL is binary (DER, PKCS#12), which Node's TLS options do not take.
    if (bytes.includes(0)) return fail(`${basename(path)} is binary, not PEM (convert it with openssl, e.g. openssl x509 -inform der)`);
    return ok(bytes.toString('latin1'));
  } catch (error) {
    return fail(`Cannot read ${path}: ${describeReadError(error)}`);
  }
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a folder in the path is a file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Every certificate in a PEM file (a CA file may be a bundle); the first is the leaf of a chain. */
function parseCertificates(pem: string, path: string): Outcome<X509Certificate[]> {
  const blocks = pem.match(CERTIFICATE_BLOCKS) ?? [];
  const name = basename(path);
  if (blocks.length === 0) {
    const holdsKey = PRIVATE_KEY_BLOCK.test(pem) ? ' (it holds a private key)' : '';
    return fail(`${name} is not a PEM certificate${holdsKey}`);
  }
  const certificates: X509Certificate[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block));
    } catch {
      return fail(blocks.length === 1 ? `${name} holds a damaged certificate` : `${name}: certificate ${index + 1} of ${blocks.length} is damaged`);
    }
  }
  return ok(certificates);
}

/**
 * The certificates of a bundle that parse, skipping any that do not: one odd entry in a system
 * bundle someone else maintains must not cost the user every other CA in it.
 */
export function usableCertificates(pem: string): string[] {
  return (pem.match(CERTIFICATE_BLOCKS) ?? []).filter((block) => {
    try {
      new X509Certificate(block);
      return true;
    } catch {
      return false;
    }
  });
}

/** A file of one or more certificates, checked to parse; the PEM text is what Node's TLS takes. */
export async function readCertificateFile(path: string): Promise<Outcome<{ pem: string; certificates: X509Certificate[] }>> {
  const text = await readPemFile(path);
  if (!text.ok) return text;
  const certificates = parseCertificates(text.value, path);
  return certificates.ok ? ok({ pem: text.value, certificates: certificates.value }) : certificates;
}

export type PrivateKeyField = 'keyFile' | 'passphrase';

/**
 * Decrypts the key once to prove it is usable. Node reports a missing or wrong passphrase as an
 * OpenSSL error code, so whether the key is encrypted is read from the PEM text instead.
 */
export function parsePrivateKey(pem: string, path: string, passphrase: string | undefined): { key: KeyObject } | { field: PrivateKeyField; problem: string } {
  const name = basename(path);
  if (!PRIVATE_KEY_BLOCK.test(pem)) {
    const holdsCertificate = pem.includes(CERTIFICATE_BEGIN) ? ' (it holds a certificate)' : '';
    return { field: 'keyFile', problem: `${name} is not a PEM private key${holdsCertificate}` };
  }
  const encrypted = ENCRYPTED_KEY.test(pem);
  if (encrypted && !passphrase) return { field: 'passphrase', problem: 'The private key is encrypted: enter its passphrase' };
  try {
    return { key: createPrivateKey({ key: pem, passphrase }) };
  } catch (error) {
    if (encrypted) return { field: 'passphrase', problem: 'The private key is encrypted and the passphrase is wrong' };
    return { field: 'keyFile', problem: `${name} holds a private key that cannot be used (${(error as Error).message})` };
  }
}
