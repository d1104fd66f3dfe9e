// What the tests use of the simulation directly (main uses it as `electron`, typed by Electron's own types).
/** The page-side wrapper that runs a preload's source as Electron's sandbox would. */
export function preloadScript(source: string): string;
