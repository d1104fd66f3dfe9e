import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { keepAside, readJsonFile, writeFileAtomic } from '../../src/main/store/atomicFile';
import { dataDir } from './helpers';

// Simulates a crash or full disk halfway through writing the temp file: half the bytes land,
// then the write throws. Everything else is the real file system.
const failure = vi.hoisted(() => ({ armed: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof fs.open = async (...args) => {
    const handle = await fs.open(...args);
    if (!failure.armed || !String(args[0]).endsWith('.tmp')) return handle;
    failure.armed = false;
    return Object.assign(Object.create(handle), {
      writeFile: async (data: string | Uint8Array) => {
        await handle.write(String(data).slice(0, Math.floor(String(data).length / 2)));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
      close: () => handle.close(),
    });
  };
  return { ...fs, open, default: { ...fs, open } };
});

describe('writeFileAtomic', () => {
  it('writes the file with owner-only permissions', async () => {
    const file = path.join(await dataDir(), 'nested', 'profiles.json');
    await writeFileAtomic(file, '{"a":1}');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}');
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    }
  });

  it('replaces an existing file whole', async () => {
    const file = path.join(await dataDir(), 'profiles.json');
    await writeFile(file, 'x'.repeat(1000));
    await writeFileAtomic(file, 'short');
    expect(await readFile(file, 'utf8')).toBe('short');
  });

  it('leaves the previous file intact, and no temp file behind, when the write fails midway', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'profiles.json');
    await writeFileAtomic(file, '{"version":"old"}');
    failure.armed = true;
    await expect(writeFileAtomic(file, `{"version":"new","padding":"${'n'.repeat(500)}"}`)).rejects.toThrow(/ENOSPC/);
    expect(failure.armed, 'the simulated failure was not reached').toBe(false);
    expect(await readFile(file, 'utf8')).toBe('{"version":"old"}');
    expect(await readdir(dir)).toEqual(['profiles.json']);
  });
});

describe('readJsonFile', () => {
  it('tells missing, ok and corrupt apart', async () => {
    const dir = await dataDir();
    expect(await readJsonFile(path.join(dir, 'none.json'))).toEqual({ state: 'missing' });
    await writeFile(path.join(dir, 'ok.json'), '{"profiles":[]}');
    expect(await readJsonFile(path.join(dir, 'ok.json'))).toEqual({ state: 'ok', value: { profiles: [] } });
    await writeFile(path.join(dir, 'bad.json'), '{"profiles":[');
    expect(await readJsonFile(path.join(dir, 'bad.json'))).toMatchObject({ state: 'corrupt', problem: expect.any(String) });
  });

  it('throws, rather than calling it corrupt, when the file cannot be read at all', async () => {
    const dir = await dataDir();
    await mkdir(path.join(dir, 'profiles.json'));
    await expect(readJsonFile(path.join(dir, 'profiles.json'))).rejects.toThrow(/profiles.json is a folder, not a file/);
  });
});

describe('keepAside', () => {
  it('moves the file to a timestamped name without a colon, never over an earlier one', async () => {
    const dir = await dataDir();
    const file = path.join(dir, 'profiles.json');
    const now = new Date('2025-06-01T12:34:56.789Z');
    await writeFile(file, 'first');
    const first = await keepAside(file, 'corrupt', { now });
    await writeFile(file, 'second');
    const second = await keepAside(file, 'corrupt', { now });
    expect(path.basename(first)).toBe('profiles.json.corrupt-20250601T123456.789Z');
    expect(path.basename(second)).toBe('profiles.json.corrupt-20250601T123456.789Z-1');
    expect(await readFile(first, 'utf8')).toBe('first');
    expect(await readFile(second, 'utf8')).toBe('second');
    expect((await readdir(dir)).sort()).toEqual([path.basename(first), path.basename(second)]);
  });

  it('copies instead when asked, leaving the original in place', async () => {
    const file = path.join(await dataDir(), 'profiles.json');
    await writeFile(file, 'content');
    const copy = await keepAside(file, 'skipped', { copy: true });
    expect(await readFile(copy, 'utf8')).toBe('content');
    expect(await readFile(file, 'utf8')).toBe('content');
  });
});
