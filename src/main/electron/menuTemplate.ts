import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do; everything else is a standard role Electron implements. */
export type MenuActions = {
  newConnection(): void;
  importConnections(): void;
  exportConnections(): void;
  /** Windows and Linux have no native about panel with the version, so we show our own. */
  showAbout(): void;
  openLink(url: string): void;
};

export type HelpLink = { label: string; url: string };

export type MenuOptions = {
  platform: NodeJS.Platform;
  /** Not packaged: reload and the developer tools are offered. */
  development: boolean;
  appName: string;
  links: readonly HelpLink[];
  actions: MenuActions;
};

const separator: MenuItemConstructorOptions = { type: 'separator' };

/**
 * The application menu as a plain template, so it can be checked without Electron. Editing
 * goes through roles: on macOS copy and paste only reach a text field through the Edit menu.
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const { actions } = options;
  const menus: MenuItemConstructorOptions[] = [];
  if (mac) {
    menus.push({
      label: options.appName,
      submenu: [
        { role: 'about' },
        separator,
        { role: 'services' },
        separator,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        separator,
        { role: 'quit' },
      ],
    });
  }
  menus.push({
    label: '&File',
    submenu: [
      { label: 'New Connection', accelerator: 'CmdOrCtrl+N', click: () => actions.newConnection() },
      separator,
      { label: 'Import Connections…', accelerator: 'CmdOrCtrl+O', click: () => actions.importConnections() },
      { label: 'Export Connections…', accelerator: 'CmdOrCtrl+Shift+E', click: () => actions.exportConnections() },
      separator,
      // macOS quits from the app menu; its File menu closes the window instead.
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  menus.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  });
  menus.push({
    label: '&View',
    submenu: [
      ...(options.development ? [{ role: 'reload' } as const, { role: 'forceReload' } as const, { role: 'toggleDevTools' } as const, separator] : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  });
  if (mac) menus.push({ role: 'windowMenu' });
  const links = options.links.filter((link) => isWebLink(link.url));
  menus.push({
    label: '&Help',
    role: 'help',
    submenu: [
      ...links.map((link): MenuItemConstructorOptions => ({ label: link.label, click: () => actions.openLink(link.url) })),
      ...(mac ? [] : [...(links.length > 0 ? [separator] : []), { label: `About ${options.appName}`, click: () => actions.showAbout() }]),
    ],
  });
  return menus;
}

/** Only https leaves the app, whatever a package.json says. */
export function isWebLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
