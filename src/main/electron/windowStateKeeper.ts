import { screen, type BrowserWindow } from 'electron';
import { SerialQueue } from '../store/serialQueue';
import { placeWindow, type Placement, type WindowState } from './windowPlacement';
import { WindowStateFile } from './windowStateFile';

/** Moving or resizing fires many events; the file is written once the window has settled. */
const SETTLE_MS = 800;

/**
 * Remembers the main window's size, position and maximised state across starts. Save on every
 * settled change and on close, so a crash loses at most the last move.
 */
export class WindowStateKeeper {
  private readonly stateFile: WindowStateFile;
  private readonly writes = new SerialQueue();
  private last: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private window: BrowserWindow | undefined;

  constructor(dataDir: string) {
    this.stateFile = new WindowStateFile(dataDir);
  }

  /** Call after the app is ready: the displays are known only then. */
  async placement(): Promise<Placement> {
    const { state, notice } = await this.stateFile.load().catch((error: unknown) => ({ state: undefined, notice: `The saved window position could not be read: ${String(error)}` }));
    if (notice) console.warn(notice);
    if (state) this.last = JSON.stringify(state);
    const primary = screen.getPrimaryDisplay();
    const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
    return placeWindow(state, [primary, ...others].map((display) => display.workArea));
  }

  track(window: BrowserWindow): void {
    this.window = window;
    const soon = () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.save(), SETTLE_MS);
    };
    window.on('resize', soon);
    window.on('move', soon);
    window.on('maximize', soon);
    window.on('unmaximize', soon);
    window.on('close', () => void this.save());
    window.once('closed', () => {
      if (this.window === window) this.window = undefined;
    });
  }

  /** Before quitting: the window's state now, and every write finished. */
  async flush(): Promise<void> {
    await this.save();
    await this.writes.idle();
  }

  private save(): Promise<void> {
    clearTimeout(this.timer);
    const window = this.window;
    if (!window || window.isDestroyed()) return this.writes.idle();
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    const text = JSON.stringify(state);
    if (text === this.last) return this.writes.idle();
    this.last = text;
    return this.writes.run(() => this.stateFile.save(state)).catch((error: unknown) => {
      console.warn(`Could not save the window position in ${this.stateFile.file}: ${String(error)}`);
    });
  }
}
