import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test, expect, startWorkbench } from './browserMode';
import { createTestCertificates } from '../test/support/certificates';
import { startMosquitto } from '../test/support/mosquitto';

/**
 * A company CA installed in the operating system (here: the bundle SSL_CERT_FILE names, as every
 * OpenSSL program reads it) verifies a broker for a profile with no CA files, and the Session
 * panel says which store did.
 */
test('a broker signed by a CA from the operating system\'s store connects, and the session names that store', async ({ page }, testInfo) => {
  const certs = await createTestCertificates();
  const broker = await startMosquitto({ tls: { caFile: certs.caFile, certFile: certs.serverCert, keyFile: certs.serverKey } });
  const bundle = path.join(certs.dir, 'os-store.pem');
  await writeFile(bundle, [await readFile(certs.otherCaFile, 'latin1'), await readFile(certs.caFile, 'latin1')].join('\n'));
  const saved = { file: process.env.SSL_CERT_FILE, dir: process.env.SSL_CERT_DIR };
  // browser mode inherits these when it starts; this machine's own store stays out of the words.
  process.env.SSL_CERT_FILE = bundle;
  delete process.env.SSL_CERT_DIR;
  const app = await startWorkbench(['--data-dir', testInfo.outputPath('data')]).finally(() => {
    if (saved.file === undefined) delete process.env.SSL_CERT_FILE;
    else process.env.SSL_CERT_FILE = saved.file;
    if (saved.dir !== undefined) process.env.SSL_CERT_DIR = saved.dir;
  });
  try {
    await page.goto(app.workbench.url);
    await page.getByRole('button', { name: 'New connection' }).click();
    const form = page.getByRole('form', { name: 'New connection' });
    await form.getByLabel('Name', { exact: true }).fill('Company broker');
    await form.getByLabel('Transport', { exact: true }).selectOption('mqtts');
    await form.getByLabel('Host', { exact: true }).fill('127.0.0.1');
    await form.getByLabel('Port', { exact: true }).fill(String(broker.tlsPort));
    await expect(form.getByLabel('CA certificates')).toHaveValue('');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Connection state' })).toHaveText('Connected');
    await expect(page.getByRole('definition').filter({ hasText: 'verified by' })).toHaveText(`verified by the operating system's trust store (Linux: ${bundle})`);
  } finally {
    await app.stop();
    await broker.stop();
    await certs.remove();
  }
});
