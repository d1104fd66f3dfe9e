import path from 'node:path';
import { z } from 'zod';
import { keepAside, readJsonFile, writeFileAtomic } from '../store/atomicFile';
import type { WindowState } from './windowPlacement';

export const WINDOW_STATE_FILE = 'window-state.json';

const length = z.number().int().positive().max(100_000);
const coordinate = z.number().int().min(-100_000).max(100_000);
const windowStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: length, height: length }),
  maximized: z.boolean(),
});

export type WindowStateRead = { state?: WindowState; notice?: string };

/**
 * The main window's last size, position and maximised state, in `<userData>/window-state.json`,
 * written atomically. An unreadable file is kept aside (never silently overwritten) and the
 * window opens at the default size.
 */
export class WindowStateFile {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, WINDOW_STATE_FILE);
  }

  async load(): Promise<WindowStateRead> {
    const read = await readJsonFile(this.file);
    if (read.state === 'missing') return {};
    const parsed = read.state === 'ok' ? windowStateSchema.safeParse(read.value) : undefined;
    if (parsed?.success) return { state: parsed.data };
    const kept = await keepAside(this.file, 'corrupt');
    return { notice: `The saved window position was unreadable; it was kept as ${kept} and the window opens at its default size.` };
  }

  save(state: WindowState): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(state, null, 2)}\n`);
  }
}
