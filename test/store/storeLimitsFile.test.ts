import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DEFAULT_STORE_LIMITS } from '../../src/shared/domain/messageStore';
import { StoreLimitsFile } from '../../src/main/store/storeLimitsFile';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qoscope-limits-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('starts with the defaults and keeps what the user saved for the next start', async () => {
  expect(await new StoreLimitsFile(dir).load()).toEqual({ limits: DEFAULT_STORE_LIMITS });
  await new StoreLimitsFile(dir).save({ maxMessages: 5_000, maxBytes: 64 * 1024 * 1024 });
  expect(await new StoreLimitsFile(dir).load()).toEqual({ limits: { maxMessages: 5_000, maxBytes: 64 * 1024 * 1024 } });
});

it('falls back to the defaults, and says so, when the file is unreadable or out of range', async () => {
  const file = new StoreLimitsFile(dir);
  await writeFile(file.file, '{ not json');
  expect(await file.load()).toEqual({ limits: DEFAULT_STORE_LIMITS, notice: expect.stringContaining(`${file.file} were unreadable, so the defaults apply`) });
  await writeFile(file.file, JSON.stringify({ maxMessages: 5, maxBytes: 1 }));
  expect((await file.load()).limits).toEqual(DEFAULT_STORE_LIMITS);
});
