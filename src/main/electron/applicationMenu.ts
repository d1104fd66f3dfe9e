import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, Menu, shell, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions } from 'electron';
import type { DesktopHost } from '../desktop/desktopHost';
import { helpLinks } from './helpLinks';
import { isWebLink, menuTemplate } from './menuTemplate';

/** The product's name, whatever package.json's lower-case `name` makes app.getName() say. */
const APP_NAME = 'QoScope';
/** The same limit the profiles service puts on an import. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/**
 * Installs the application menu. Its own items reach the UI as desktop commands, the same way
 * on every platform; the rest are Electron's roles.
 */
export async function installApplicationMenu(desktop: DesktopHost, currentWindow: () => BrowserWindow | undefined): Promise<void> {
  const appName = APP_NAME;
  const version = app.getVersion();
  app.setAboutPanelOptions({ applicationName: appName, applicationVersion: version });
  const links = helpLinks(await readPackageJson());
  const template = menuTemplate({
    platform: process.platform,
    development: !app.isPackaged,
    appName,
    links,
    actions: {
      newConnection: () => desktop.request({ command: 'newConnection' }),
      importConnections: () => void importConnections(desktop, currentWindow()),
      exportConnections: () => desktop.request({ command: 'exportConnections' }),
      showAbout: () => void showAbout(currentWindow(), appName, version),
      openLink: (url) => {
        if (isWebLink(url)) void shell.openExternal(url);
      },
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** The native open dialog; the file's text goes to the UI, which imports it like a picked file. */
async function importConnections(desktop: DesktopHost, window: BrowserWindow | undefined): Promise<void> {
  const options: OpenDialogOptions = {
    title: 'Import connections',
    properties: ['openFile'],
    filters: [
      { name: 'Connection exports (QoScope, MQTTX, MQTT Explorer)', extensions: ['json'] },
      { name: 'All Files', extensions: ['*'] },
    ],
  };
  const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return;
  try {
    if ((await stat(file)).size > MAX_IMPORT_BYTES) throw new Error('That file is larger than 20 MB.');
    desktop.request({ command: 'importConnections', fileName: path.basename(file), text: await readFile(file, 'utf8') });
  } catch (error) {
    dialog.showErrorBox('Import connections', `${path.basename(file)} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function showAbout(window: BrowserWindow | undefined, appName: string, version: string): Promise<void> {
  const options: MessageBoxOptions = {
    type: 'info',
    title: `About ${appName}`,
    message: `${appName} ${version}`,
    detail: `A desktop MQTT workbench.\n\nElectron ${process.versions.electron}\nChromium ${process.versions.chrome}\nNode.js ${process.versions.node}`,
    buttons: ['OK'],
  };
  if (window) await dialog.showMessageBox(window, options);
  else await dialog.showMessageBox(options);
}

async function readPackageJson(): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path.join(app.getAppPath(), 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
}
