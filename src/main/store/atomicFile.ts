import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Owner read/write only: these files hold connection details (and, if chosen, passwords). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Replaces `file` so that a reader (or the next start after a crash or power cut) sees either
 * the old content or the new, never a mix: write a temp file in the same directory (rename is
 * only atomic within one file system), flush it to disk, rename it over the target, then flush
 * the directory so the rename itself survives a power cut.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never follow or reuse something already at the temp name.
    const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameOver(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/** Windows refuses the rename while another process (an indexer, an antivirus) holds the target open. */
async function renameOver(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const busy = process.platform === 'win32' && ['EPERM', 'EACCES', 'EBUSY'].includes(errorCode(error) ?? '');
      if (!busy || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open or fsync a directory; NTFS journals the rename instead.
  }
}

export type JsonFileRead =
  | { state: 'missing' }
  | { state: 'ok'; value: unknown }
  | { state: 'corrupt'; problem: string };

/**
 * Reads a JSON file, telling "not there yet" from "there but unreadable". Other failures
 * (permissions, a directory in the way) are thrown: the file may be fine, so it must not be
 * treated as corrupt and moved away.
 */
export async function readJsonFile(file: string): Promise<JsonFileRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { state: 'missing' };
    if (errorCode(error) === 'EISDIR') throw new Error(`${file} is a folder, not a file: move it out of the way and start again`);
    throw new Error(`${file} cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  try {
    return { state: 'ok', value: JSON.parse(text) };
  } catch (error) {
    return { state: 'corrupt', problem: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Moves an unreadable file out of the way (or, with `copy`, copies it) without deleting
 * anything, so the user can still recover it by hand; returns the new path. The timestamp uses
 * ISO 8601's basic format because the extended one's colons are not allowed in Windows names.
 */
export async function keepAside(file: string, label: string, options: { copy?: boolean; now?: Date } = {}): Promise<string> {
  const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, '');
  for (let n = 0; ; n++) {
    const target = `${file}.${label}-${stamp}${n === 0 ? '' : `-${n}`}`;
    try {
      if (options.copy) {
        await copyFile(file, target, constants.COPYFILE_EXCL);
        return target;
      }
      // Creating the target with 'wx' first claims the name, so two asides never collide.
      await (await open(target, 'wx', PRIVATE_FILE_MODE)).close();
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw error;
    }
    try {
      await renameOver(file, target);
    } catch (error) {
      await unlink(target).catch(() => undefined);
      throw error;
    }
    return target;
  }
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
