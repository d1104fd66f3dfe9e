/**
 * The history when the disk says no: a full disk and a read-only folder, on a real small tmpfs.
 * Recording goes on in memory, the problem is reported once, and writing resumes (in a new
 * segment file) once the disk takes writes again. Mounting needs root with the right to mount
 * (as in CI's container); elsewhere these tests are skipped, and say so.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageStore, type IncomingMessage } from '../../src/main/store/messageStore';
import { ConnectionHistory } from '../../src/main/store/durable/connectionHistory';
import { DEFAULT_WRITER_OPTIONS } from '../../src/main/store/durable/historyWriter';

/** Whether this process may mount a tmpfs: tried once, on a scratch folder. */
function mayMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(tmpdir(), 'qoscope-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe]);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}
const canMount = mayMount();
if (!canMount) console.warn('durableHistoryDisk: skipped, this process may not mount a tmpfs (needs root and CAP_SYS_ADMIN)');
let mountPoint: string;

beforeEach(async () => {
  if (!canMount) return;
  mountPoint = await mkdtemp(path.join(tmpdir(), 'qoscope-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint]);
});
afterEach(async () => {
  if (!canMount) return;
  execFileSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

const BASE_TIME = Date.now();
function message(i: number): IncomingMessage {
  return { direction: 'in', topic: `disk/${i % 10}`, payload: new TextEncoder().encode(`payload ${i}`.padEnd(64, '.')), qos: 0, retain: false, dup: false, time: BASE_TIME + i };
}

function open(problems: (string | undefined)[]) {
  const store = new MessageStore();
  const dir = path.join(mountPoint, 'history', 'messages');
  // retryMs 0: every flush tries the disk again, so a test needs no waiting.
  const history = new ConnectionHistory(dir, mountPoint, store, { ...DEFAULT_WRITER_OPTIONS, retryMs: 0 }, (problem) => problems.push(problem));
  let next = 0;
  return {
    store,
    history,
    add(count: number) {
      for (let end = next + count; next < end; next += 1) {
        store.append(message(next));
        history.append(message(next));
      }
      history.flush();
    },
  };
}

describe.runIf(canMount)('history on a disk that fills up or turns read-only', () => {
  it('keeps recording in memory while the disk is full, says so once, and writes again when space returns', () => {
    const problems: (string | undefined)[] = [];
    const run = open(problems);
    run.add(100);
    expect(problems).toEqual([]);
    // Fill what is left of the disk.
    const filler = path.join(mountPoint, 'filler');
    const fd = fs.openSync(filler, 'w');
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(4096));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    fs.closeSync(fd);
    run.add(500);
    run.add(500);
    expect(run.store.size).toBe(1_100);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toBe(`the disk holding ${path.join(mountPoint, 'history', 'messages')} is full`);
    expect(run.history.status().problem).toContain('are kept in memory only until writing works again.');

    fs.rmSync(filler);
    run.add(50);
    expect(problems).toEqual([problems[0], undefined]);
    expect(run.history.status().problem).toBeUndefined();
    run.history.close();

    // What reached the disk: the first 100 and the 50 after space returned, nothing torn.
    const reopened = open([]);
    expect(reopened.store.size).toBe(150);
    expect(reopened.history.status().notice).toBeUndefined();
    expect(new TextDecoder().decode(reopened.store.payload(reopened.store.first + 100))).toMatch(/^payload 1100\./);
  });

  it('keeps recording in memory while the folder is read-only, and writes again once it is writable', () => {
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    const problems: (string | undefined)[] = [];
    const run = open(problems);
    run.add(10);
    run.add(10);
    expect(run.store.size).toBe(20);
    expect(problems).toEqual([`${path.join(mountPoint, 'history', 'messages')} is on a read-only file system`]);
    execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    run.add(10);
    expect(problems).toHaveLength(2);
    run.history.close();
    expect(open([]).store.size).toBe(10);
  });

  it('reads a history from a read-only folder and keeps the new messages in memory', () => {
    const first = open([]);
    first.add(40);
    first.history.close();
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    const problems: (string | undefined)[] = [];
    const second = open(problems);
    expect(second.store.size).toBe(40);
    second.add(5);
    expect(second.store.size).toBe(45);
    expect(problems).toHaveLength(1);
    execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
  });
});
