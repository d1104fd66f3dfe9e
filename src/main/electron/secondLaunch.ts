/** The part of a BrowserWindow a second launch needs, so the rule is checked without Electron. */
export type FrontableWindow = {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
};

/**
 * Someone started QoScope while it was already running: bring the running window to the front
 * (restored if minimised), or open one if there is none (macOS keeps running windowless).
 */
export function answerSecondLaunch(window: FrontableWindow | undefined, openWindow: () => void): void {
  if (!window || window.isDestroyed()) {
    openWindow();
    return;
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
