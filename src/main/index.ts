// Electron entry: a hardened window around the same engine that browser mode serves.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, shell } from 'electron';
import { QoScopeApp } from './app';
import { brokerUrls } from '../shared/domain/broker';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './electron/appProtocol';
import { serveChannelOverIpc } from './electron/ipcAdapter';
import { denyWebPermissions } from './electron/permissions';
import { createSafeStorageSecretStore } from './electron/safeStorageSecrets';

const here = path.dirname(fileURLToPath(import.meta.url));
const engine = new QoScopeApp({ dataDir: app.getPath('userData') });

registerAppScheme();

function isOurUi(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}
// Our pages get none of the web permissions Electron would grant by default.
void app.whenReady().then(() => denyWebPermissions());

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'QoScope',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isOurUi(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    // Links open in the user's browser, and only web links; the app never opens windows.
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  serveRenderer(path.resolve(here, '../renderer'), engine.connections);
  serveChannelOverIpc(engine.host, isOurUi);
  // On Linux the safeStorage key is known only once the app is ready.
  const status = await engine.start(await createSafeStorageSecretStore(app.getPath('userData')));
  const urls = brokerUrls(status);
  console.log(urls ? `Embedded broker: ${urls.mqtt}  ${urls.ws}` : 'Embedded broker: not running (start it from the app)');
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  // Let the last save finish before the process goes.
  if (quitting) return;
  quitting = true;
  event.preventDefault();
  void engine.dispose().finally(() => app.exit());
});
