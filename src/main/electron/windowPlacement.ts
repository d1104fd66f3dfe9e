/** Where a window goes on screen; plain rectangles so it is checked without Electron. */
export type Rect = { x: number; y: number; width: number; height: number };
export type WindowState = { bounds: Rect; maximized: boolean };
export type Placement = { x?: number; y?: number; width: number; height: number; maximized: boolean };

export const DEFAULT_WINDOW_SIZE = { width: 1400, height: 900 };
/** Below this the sidebar and the log no longer fit side by side. */
export const MIN_WINDOW_SIZE = { width: 800, height: 560 };

/**
 * How much of the window's top edge must lie on a display for the user to be able to grab it:
 * a band as tall as a title bar, and wide enough to aim at.
 */
const TITLE_BAND = 32;
const GRAB_WIDTH = 64;

/**
 * The bounds to open with. A saved position on a display that is no longer there (or that
 * shrank) is ignored and the window is centred on the primary display; a size larger than its
 * display is shrunk to fit. `workAreas` lists the displays' usable areas, primary first.
 */
export function placeWindow(saved: WindowState | undefined, workAreas: readonly Rect[]): Placement {
  const primary = workAreas[0];
  const maximized = saved?.maximized ?? false;
  const size = saved ? { width: saved.bounds.width, height: saved.bounds.height } : DEFAULT_WINDOW_SIZE;
  const area = saved && workAreas.find((candidate) => grabbable(saved.bounds, candidate));
  if (!area) return { ...(primary ? fitSize(size, primary) : size), maximized };
  const fitted = fitSize(size, area);
  return {
    x: clamp(saved.bounds.x, area.x, area.x + area.width - fitted.width),
    y: clamp(saved.bounds.y, area.y, area.y + area.height - fitted.height),
    ...fitted,
    maximized,
  };
}

function grabbable(window: Rect, area: Rect): boolean {
  const band = { ...window, height: Math.min(TITLE_BAND, window.height) };
  const width = Math.min(band.x + band.width, area.x + area.width) - Math.max(band.x, area.x);
  const height = Math.min(band.y + band.height, area.y + area.height) - Math.max(band.y, area.y);
  return width >= Math.min(GRAB_WIDTH, window.width) && height >= band.height / 2;
}

function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  return {
    width: clamp(size.width, Math.min(MIN_WINDOW_SIZE.width, area.width), area.width),
    height: clamp(size.height, Math.min(MIN_WINDOW_SIZE.height, area.height), area.height),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value));
}
