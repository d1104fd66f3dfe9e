import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { helpLinks } from '../../src/main/electron/helpLinks';
import { menuTemplate, type MenuActions, type MenuOptions } from '../../src/main/electron/menuTemplate';

type Called = { action: keyof MenuActions; url?: string };

function build(overrides: Partial<MenuOptions> = {}): { menus: MenuItemConstructorOptions[]; called: Called[] } {
  const called: Called[] = [];
  const actions: MenuActions = {
    newConnection: () => called.push({ action: 'newConnection' }),
    importConnections: () => called.push({ action: 'importConnections' }),
    exportConnections: () => called.push({ action: 'exportConnections' }),
    showAbout: () => called.push({ action: 'showAbout' }),
    openLink: (url) => called.push({ action: 'openLink', url }),
  };
  const menus = menuTemplate({
    platform: 'linux',
    development: false,
    appName: 'QoScope',
    links: [{ label: 'QoScope Documentation', url: 'https://example.org/qoscope#readme' }],
    actions,
    ...overrides,
  });
  return { menus, called };
}

function submenu(menus: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = menus.find((m) => m.label?.replace('&', '') === label || (label === 'Window' && m.role === 'windowMenu'));
  if (!menu) throw new Error(`no ${label} menu in ${menus.map((m) => m.label ?? m.role).join(', ')}`);
  return (menu.submenu ?? []) as MenuItemConstructorOptions[];
}

const roles = (items: MenuItemConstructorOptions[]) => items.map((item) => item.role).filter(Boolean);
const item = (items: MenuItemConstructorOptions[], label: string) => {
  const found = items.find((i) => i.label === label);
  if (!found) throw new Error(`no item ${label} in ${items.map((i) => i.label ?? i.role ?? i.type).join(', ')}`);
  return found;
};
const click = (entry: MenuItemConstructorOptions) => (entry.click as () => void)();

describe('application menu', () => {
  it('has File, Edit, View and Help on Windows and Linux, and no macOS app menu', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const { menus } = build({ platform });
      expect(menus.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
      expect(roles(submenu(menus, 'File'))).toEqual(['quit']);
    }
  });

  it('on macOS starts with the app menu (about, hide, quit) and closes the window from File', () => {
    const { menus } = build({ platform: 'darwin' });
    expect(menus[0]?.label).toBe('QoScope');
    expect(roles(menus[0]?.submenu as MenuItemConstructorOptions[])).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(roles(submenu(menus, 'File'))).toEqual(['close']);
    expect(menus.some((m) => m.role === 'windowMenu')).toBe(true);
    // The about panel with the version is the app menu's on macOS, not a second one in Help.
    expect(submenu(menus, 'Help').some((i) => i.label?.startsWith('About'))).toBe(false);
  });

  it('edits through roles, so copy and paste reach text fields on macOS too', () => {
    expect(roles(submenu(build({ platform: 'darwin' }).menus, 'Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll']);
    expect(roles(submenu(build({ platform: 'win32' }).menus, 'Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
  });

  it('shows accelerators for its own File items and sends them to the UI', () => {
    const { menus, called } = build();
    const file = submenu(menus, 'File');
    expect(item(file, 'New Connection').accelerator).toBe('CmdOrCtrl+N');
    expect(item(file, 'Import Connections…').accelerator).toBe('CmdOrCtrl+O');
    expect(item(file, 'Export Connections…').accelerator).toBe('CmdOrCtrl+Shift+E');
    click(item(file, 'New Connection'));
    click(item(file, 'Import Connections…'));
    click(item(file, 'Export Connections…'));
    expect(called.map((c) => c.action)).toEqual(['newConnection', 'importConnections', 'exportConnections']);
  });

  it('offers reload and developer tools only when not packaged; zoom and full screen always', () => {
    expect(roles(submenu(build({ development: false }).menus, 'View'))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(submenu(build({ development: true }).menus, 'View'))).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('has About QoScope in Help on Windows and Linux, and opens only https links', () => {
    const { menus, called } = build({
      links: [
        { label: 'QoScope Documentation', url: 'https://example.org/qoscope#readme' },
        { label: 'Local', url: 'file:///etc/passwd' },
        { label: 'Plain', url: 'http://example.org/' },
      ],
    });
    const help = submenu(menus, 'Help');
    expect(help.map((i) => i.label ?? i.type)).toEqual(['QoScope Documentation', 'separator', 'About QoScope']);
    click(item(help, 'QoScope Documentation'));
    click(item(help, 'About QoScope'));
    expect(called).toEqual([{ action: 'openLink', url: 'https://example.org/qoscope#readme' }, { action: 'showAbout' }]);
  });
});

describe('help links', () => {
  it('come from package.json homepage and bugs, and are absent without them', () => {
    expect(helpLinks({ homepage: 'https://example.org/q#readme', bugs: { url: 'https://example.org/q/issues' } })).toEqual([
      { label: 'QoScope Documentation', url: 'https://example.org/q#readme' },
      { label: 'Report an Issue', url: 'https://example.org/q/issues' },
    ]);
    expect(helpLinks({ name: 'qoscope' })).toEqual([]);
    expect(helpLinks(undefined)).toEqual([]);
  });
});
