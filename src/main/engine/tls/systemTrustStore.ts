import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import tls from 'node:tls';
import { UserError } from '../../../shared/errors/errors';
import { readPemFile, usableCertificates, type Outcome } from './pemFiles';

/** The CAs a "system" profile trusts, and how to name them to the user. */
export interface TrustStore {
  ca: string[];
  /** Completes "verified by …" and "not trusted by …". */
  name: string;
}

type CaKind = 'default' | 'system' | 'bundled' | 'extra';
/** Node 22.15+ (and so Electron's Node) reads the OS store natively; Node 20 does not have it. */
type ReadCaCertificates = (kind?: CaKind) => string[];

export interface SystemStoreRuntime {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  getCACertificates?: ReadCaCertificates;
}

/**
 * Where distributions keep the bundle their update tool builds from the CAs an administrator
 * installed, the first that exists wins (Debian/Ubuntu, Fedora/RHEL, openSUSE, RHEL 7+, Alpine).
 */
export const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

/** More files than any certificate folder holds; a wrong SSL_CERT_DIR must not read a disk. */
const MAX_DIRECTORY_FILES = 5000;

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = { win32: 'Windows', darwin: 'macOS Keychain' };

const defaultRuntime = (): SystemStoreRuntime => ({
  platform: process.platform,
  env: process.env,
  getCACertificates: (tls as typeof tls & { getCACertificates?: ReadCaCertificates }).getCACertificates,
});

/**
 * The operating system's CAs together with Node's bundled Mozilla list, as a browser trusts both.
 * Windows and macOS keep theirs where only native code reaches, which Electron's Node has. On
 * Linux the distribution's bundle file is read here as well: Node's own Linux loader looks where
 * a static OpenSSL looks (/etc/ssl/cert.pem, absent on Debian) and caches its first read, while
 * the user expects a CA installed with update-ca-certificates to count from the next connect.
 */
export async function systemTrustStore(runtime: SystemStoreRuntime = defaultRuntime()): Promise<TrustStore> {
  const native = runtime.getCACertificates?.('system') ?? [];
  const platformName = PLATFORM_NAMES[runtime.platform];
  if (platformName) {
    if (!runtime.getCACertificates) return { ca: [...tls.rootCertificates], name: `Node's built-in CA list (this runtime cannot read the ${platformName} store)` };
    return { ca: [...tls.rootCertificates, ...native], name: `the operating system's trust store (${platformName})` };
  }

  const read = await readUnixStore(runtime.env);
  const ca = [...tls.rootCertificates, ...native, ...read.certificates];
  if (read.sources.length === 0 && native.length === 0) {
    return { ca, name: "Node's built-in CA list (no system CA bundle was found; set SSL_CERT_FILE to one)" };
  }
  const system = runtime.platform === 'linux' ? 'Linux' : runtime.platform;
  const where = read.sources.length > 0 ? `: ${read.sources.join(', ')}` : '';
  return { ca, name: `the operating system's trust store (${system}${where})` };
}

/**
 * OpenSSL's own variables first, as every OpenSSL program on the machine honours them; a variable
 * that names something unusable is an error, not a silent fallback to another store.
 */
async function readUnixStore(env: Record<string, string | undefined>): Promise<{ certificates: string[]; sources: string[] }> {
  const certificates: string[] = [];
  const sources: string[] = [];
  const file = env.SSL_CERT_FILE?.trim();
  const dirs = (env.SSL_CERT_DIR ?? '').split(':').map((dir) => dir.trim()).filter(Boolean);

  if (file) {
    const read = await readBundle(file);
    if (!read.ok) throw new UserError('tls.trust-store', `SSL_CERT_FILE cannot be used as the system trust store: ${read.problem}`);
    const found = read.value;
    if (found.length === 0) throw new UserError('tls.trust-store', `SSL_CERT_FILE (${file}) holds no certificates`);
    certificates.push(...found);
    sources.push(file);
  }
  for (const dir of dirs) {
    const found = await readCertificateFolder(dir);
    certificates.push(...found);
    sources.push(dir);
  }
  if (file || dirs.length > 0) return { certificates, sources };

  for (const candidate of LINUX_BUNDLES) {
    const read = await readBundle(candidate);
    if (read.ok && read.value.length > 0) return { certificates: read.value, sources: [candidate] };
  }
  return { certificates, sources };
}

/** A c_rehash folder: hash-named links and .pem/.crt files; anything that is not PEM is passed over. */
async function readCertificateFolder(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new UserError('tls.trust-store', `SSL_CERT_DIR names ${dir}, which cannot be read (${(error as Error).message})`);
  }
  // Read side by side: a distribution's folder holds hundreds of small files, read on every connect.
  const reads = await Promise.all(names.slice(0, MAX_DIRECTORY_FILES).map((name) => readBundle(join(dir, name))));
  return reads.flatMap((read) => (read.ok ? read.value : []));
}

/** Parsed bundles by path, size and time of change: parsing hundreds of CAs on every connect shows. */
const parsedBundles = new Map<string, { version: string; certificates: string[] }>();

async function readBundle(path: string): Promise<Outcome<string[]>> {
  const version = await stat(path).then(
    (info) => `${info.size}:${info.mtimeMs}`,
    () => undefined,
  );
  const cached = version === undefined ? undefined : parsedBundles.get(path);
  if (cached && cached.version === version) return { ok: true, value: cached.certificates };
  const text = await readPemFile(path);
  if (!text.ok) return text;
  const certificates = usableCertificates(text.value);
  if (version !== undefined) parsedBundles.set(path, { version, certificates });
  return { ok: true, value: certificates };
}
