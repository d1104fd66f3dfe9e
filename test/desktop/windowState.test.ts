import { readdir, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, placeWindow, type Rect } from '../../src/main/electron/windowPlacement';
import { WINDOW_STATE_FILE, WindowStateFile } from '../../src/main/electron/windowStateFile';
import { dataDir } from '../store/helpers';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('where the window opens', () => {
  it('opens at the default size, centred by Electron, on first start', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('reopens where it was, at its size, maximised if it was', () => {
    const bounds = { x: 2100, y: 80, width: 1600, height: 1000 };
    expect(placeWindow({ bounds, maximized: true }, [laptop, rightMonitor])).toEqual({ ...bounds, maximized: true });
  });

  it('ignores a position on a display that is gone, keeping the size and the maximised state', () => {
    const onUnplugged = { bounds: { x: 2100, y: 80, width: 1200, height: 800 }, maximized: true };
    expect(placeWindow(onUnplugged, [laptop])).toEqual({ width: 1200, height: 800, maximized: true });
  });

  it('ignores a position whose title bar cannot be grabbed (only a sliver or the bottom on screen)', () => {
    const sliver = { bounds: { x: 1900, y: 100, width: 1200, height: 800 }, maximized: false };
    expect(placeWindow(sliver, [laptop])).toEqual({ width: 1200, height: 800, maximized: false });
    const titleAbove = { bounds: { x: 100, y: -700, width: 1200, height: 800 }, maximized: false };
    expect(placeWindow(titleAbove, [laptop])).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('shrinks a window larger than its display and moves it fully onto it', () => {
    const big = { bounds: { x: 300, y: 40, width: 2400, height: 1400 }, maximized: false };
    expect(placeWindow(big, [laptop])).toEqual({ x: 0, y: 0, width: 1920, height: 1050, maximized: false });
    const overhanging = { bounds: { x: 1500, y: 500, width: 1000, height: 800 }, maximized: false };
    expect(placeWindow(overhanging, [laptop])).toEqual({ x: 920, y: 250, width: 1000, height: 800, maximized: false });
  });

  it('never opens smaller than the layout needs, nor larger than a small screen', () => {
    const tiny = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(placeWindow(tiny, [laptop])).toMatchObject(MIN_WINDOW_SIZE);
    const netbook: Rect = { x: 0, y: 0, width: 1024, height: 560 };
    expect(placeWindow(undefined, [netbook])).toEqual({ width: 1024, height: 560, maximized: false });
  });
});

describe('the window state file', () => {
  it('keeps the window state for the next start', async () => {
    const dir = await dataDir();
    const state = { bounds: { x: -1800, y: 120, width: 1300, height: 860 }, maximized: true };
    await new WindowStateFile(dir).save(state);
    expect(await new WindowStateFile(dir).load()).toEqual({ state });
    expect(JSON.parse(await readFile(new WindowStateFile(dir).file, 'utf8'))).toEqual(state);
  });

  it('starts without a state and without a notice when there is no file yet', async () => {
    expect(await new WindowStateFile(await dataDir()).load()).toEqual({});
  });

  it('keeps an unreadable file aside, says where, and opens at the default size', async () => {
    for (const content of ['{ "bounds": { "x": 1', JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 'tall' }, maximized: 'yes' })]) {
      const dir = await dataDir();
      const file = new WindowStateFile(dir);
      await writeFile(file.file, content);
      const read = await file.load();
      expect(read.state).toBeUndefined();
      const kept = (await readdir(dir)).find((name) => name.startsWith(`${WINDOW_STATE_FILE}.corrupt-`));
      expect(kept).toBeDefined();
      expect(read.notice).toContain(kept);
      expect(await readFile(`${dir}/${kept}`, 'utf8')).toBe(content);
      // The next save writes a fresh file; the kept copy stays.
      await file.save({ bounds: { x: 0, y: 0, width: 1000, height: 700 }, maximized: false });
      expect((await file.load()).state?.bounds.width).toBe(1000);
      expect((await readdir(dir)).filter((name) => name.includes('.corrupt-'))).toHaveLength(1);
    }
  });
});
