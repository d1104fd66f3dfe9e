/**
 * Which store a "system" profile trusts on each platform, and how it is named. Windows and macOS
 * are reached only through the runtime's native reader (Electron's Node has it, Node 20 does not),
 * so those cases hand in a runtime; the Linux cases read real files.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemTrustStore } from '../../src/main/engine/tls/systemTrustStore';

let dir: string;
/** Stands in for a company CA: any real certificate will do for counting and naming. */
const companyCa = tls.rootCertificates[0] ?? '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qoscope-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the system trust store', () => {
  it('on Windows and macOS, uses the runtime\'s reader of the OS store, adds Node\'s bundled CAs, and names the store', async () => {
    const asked: (string | undefined)[] = [];
    const getCACertificates = (kind?: string) => {
      asked.push(kind);
      return [companyCa];
    };
    const windows = await systemTrustStore({ platform: 'win32', env: {}, getCACertificates });
    expect(asked).toEqual(['system']);
    expect(windows.name).toBe("the operating system's trust store (Windows)");
    expect(windows.ca).toHaveLength(tls.rootCertificates.length + 1);
    expect((await systemTrustStore({ platform: 'darwin', env: {}, getCACertificates })).name).toBe("the operating system's trust store (macOS Keychain)");
  });

  it('says so when the runtime cannot read the Windows store, rather than claiming to use it', async () => {
    const store = await systemTrustStore({ platform: 'win32', env: {} });
    expect(store.name).toBe("Node's built-in CA list (this runtime cannot read the Windows store)");
    expect(store.ca).toEqual([...tls.rootCertificates]);
  });

  it('on Linux, reads the certificates of every file in SSL_CERT_DIR, skipping what is not PEM, and names the folder', async () => {
    const folder = join(dir, 'certs');
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder);
    await writeFile(join(folder, 'company.pem'), companyCa);
    await writeFile(join(folder, 'README'), 'not a certificate');
    const store = await systemTrustStore({ platform: 'linux', env: { SSL_CERT_DIR: folder } });
    expect(store.name).toBe(`the operating system's trust store (Linux: ${folder})`);
    expect(store.ca).toHaveLength(tls.rootCertificates.length + 1);
  });

  it('an SSL_CERT_FILE without certificates is an error naming it', async () => {
    const empty = join(dir, 'empty.pem');
    await writeFile(empty, '# nothing here\n');
    await expect(systemTrustStore({ platform: 'linux', env: { SSL_CERT_FILE: empty } })).rejects.toThrow(`SSL_CERT_FILE (${empty}) holds no certificates`);
  });
});
