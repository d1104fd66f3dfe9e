/**
 * Small per-window preferences kept in the page's localStorage: the desktop app's app:// origin
 * keeps them in its profile folder, a browser keeps them per browser. Unavailable storage (a
 * privacy mode) only means nothing is remembered.
 */
export function readPreference(key: string): string | undefined {
  try {
    return localStorage.getItem(`qoscope.${key}`) ?? undefined;
  } catch {
    return undefined;
  }
}

export function writePreference(key: string, value: string): void {
  try {
    localStorage.setItem(`qoscope.${key}`, value);
  } catch {
    // Nothing to do: the preference lasts until the page is closed.
  }
}
