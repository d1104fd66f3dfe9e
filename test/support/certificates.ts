/**
 * Test harness: a throwaway PKI made with the `openssl` command line at test time, so no key ever
 * lives in the repository and no certificate in it can expire between two runs.
 *
 * ECDSA P-256 keys keep generation to a few milliseconds per key. Everything is written to one
 * temp dir; the caller removes it with remove() (typically in afterAll).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  dir: string;
  /** The CA that signed the server and client certificates. */
  caFile: string;
  /** For 127.0.0.1 and localhost (subjectAltName IP:127.0.0.1, DNS:localhost), signed by caFile. */
  serverCert: string;
  serverKey: string;
  /** Same names and key as serverCert, but its validity ended before it began: always expired. */
  expiredServerCert: string;
  /** Client certificate (extendedKeyUsage clientAuth) signed by caFile. */
  clientCert: string;
  clientKey: string;
  /** clientKey again, as encrypted PKCS#8 under `passphrase`. */
  clientKeyEncrypted: string;
  passphrase: string;
  /** A second CA that has signed nothing the server uses: trusting only it means "untrusted". */
  otherCaFile: string;
  /** A client certificate signed by otherCaFile, which the broker does not trust. */
  otherClientCert: string;
  otherClientKey: string;
  /** Delete the temp dir. Idempotent. */
  remove(): Promise<void>;
}

/** Long enough for any test run, short enough that a leaked key is worthless soon. */
const DAYS = '2';
const PASSPHRASE = 'correct horse';

/**
 * `openssl req` insists on a config with a distinguished_name section; our own keeps the result
 * independent of the distribution's openssl.cnf and its default extensions. Node refuses a CA
 * without basicConstraints CA:TRUE, so the CA extensions are spelled out here.
 */
const REQ_CONFIG = [
  '[req]',
  'distinguished_name = dn',
  'prompt = no',
  '[dn]',
  'CN = unused',
  '[ca_ext]',
  'basicConstraints = critical, CA:TRUE',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
  '',
].join('\n');

/** Leaf extensions, one file each for `openssl x509 -extfile`. */
const EXTENSIONS = {
  server: ['basicConstraints = CA:FALSE', 'subjectAltName = IP:127.0.0.1, DNS:localhost', 'extendedKeyUsage = serverAuth'],
  client: ['basicConstraints = CA:FALSE', 'extendedKeyUsage = clientAuth'],
};

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'ENOENT' ? new Error('openssl not found on PATH. Install it with: apt-get install openssl') : err);
    });
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`openssl ${args.join(' ')} failed (code ${code}):\n${output.trim()}`));
    });
  });
}

const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

export async function createTestCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'qoscope-certs-'));
  const path = (name: string) => join(dir, name);
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await Promise.all([
      writeFile(path('req.cnf'), REQ_CONFIG),
      ...Object.entries(EXTENSIONS).map(([name, lines]) => writeFile(path(`${name}.ext`), lines.join('\n') + '\n')),
    ]);

    const makeCa = (name: string, subject: string) =>
      openssl(['req', '-config', 'req.cnf', '-x509', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', subject, '-days', DAYS, '-extensions', 'ca_ext'], dir);
    const makeRequest = (name: string, subject: string) =>
      openssl(['req', '-config', 'req.cnf', '-new', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
    const sign = (request: string, ca: string, ext: string, out: string, serial: number, days = DAYS) =>
      openssl(['x509', '-req', '-in', `${request}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', String(serial), '-days', days, '-extfile', ext, '-out', out], dir);

    await Promise.all([
      makeCa('ca', '/CN=QoScope Test CA'),
      makeCa('other-ca', '/CN=QoScope Unrelated CA'),
      makeRequest('server', '/CN=localhost'),
      makeRequest('client', '/CN=qoscope-test-client'),
      makeRequest('other-client', '/CN=qoscope-stranger'),
    ]);
    await Promise.all([
      sign('server', 'ca', 'server.ext', 'server.pem', 1),
      // A negative validity puts notAfter a day before notBefore (now): expired from the start.
      sign('server', 'ca', 'server.ext', 'server-expired.pem', 2, '-1'),
      sign('client', 'ca', 'client.ext', 'client.pem', 3),
      sign('other-client', 'other-ca', 'client.ext', 'other-client.pem', 4),
      openssl(['pkey', '-in', 'client.key', '-aes256', '-passout', `pass:${PASSPHRASE}`, '-out', 'client-encrypted.key'], dir),
    ]);
  } catch (err) {
    await remove();
    throw err;
  }
  return {
    dir,
    caFile: path('ca.pem'),
    serverCert: path('server.pem'),
    serverKey: path('server.key'),
    expiredServerCert: path('server-expired.pem'),
    clientCert: path('client.pem'),
    clientKey: path('client.key'),
    clientKeyEncrypted: path('client-encrypted.key'),
    passphrase: PASSPHRASE,
    otherCaFile: path('other-ca.pem'),
    otherClientCert: path('other-client.pem'),
    otherClientKey: path('other-client.key'),
    remove,
  };
}
