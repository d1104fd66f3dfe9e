import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { QoScopeApp } from '../../src/main/app';

let dataDir: string;
let app: QoScopeApp | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'qoscope-unreadable-'));
});
afterEach(async () => {
  await app?.dispose();
  app = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

async function startedNotices(): Promise<string[]> {
  app = new QoScopeApp({ dataDir, broker: { autoStart: false } });
  await app.start();
  return (await app.profiles.storage()).notices;
}

it('a corrupt settings.json is kept aside, reported, and the plain-text passwords it enabled are named', async () => {
  await writeFile(path.join(dataDir, 'settings.json'), '{"plaintextSecrets": tru');
  await writeFile(path.join(dataDir, 'secrets.plain.json'), '{"format":"qoscope-secrets-plaintext","secrets":{}}');
  const notices = await startedNotices();
  const kept = (await readdir(dataDir)).find((name) => name.startsWith('settings.json.corrupt-'));
  expect(kept).toBeDefined();
  expect(await readFile(path.join(dataDir, kept!), 'utf8')).toBe('{"plaintextSecrets": tru');
  expect(notices).toContainEqual(expect.stringContaining(`Your settings file was unreadable; it was kept as ${path.join(dataDir, kept!)}`));
  expect(notices).toContainEqual(expect.stringContaining(`${path.join(dataDir, 'secrets.plain.json')} still holds passwords in plain text`));
});

it('unreadable message store limits are reported to the UI, not only on the console', async () => {
  await writeFile(path.join(dataDir, 'message-store.json'), 'not json');
  expect(await startedNotices()).toContainEqual(expect.stringContaining('message-store.json were unreadable, so the defaults apply'));
});
