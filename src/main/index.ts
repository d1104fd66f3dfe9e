// Electron entry: a hardened window around the same engine that browser mode serves.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, nativeTheme, session, shell } from 'electron';
import { QoScopeApp } from './app';
import { brokerUrls } from '../shared/domain/broker';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './electron/appProtocol';
import { installApplicationMenu } from './electron/applicationMenu';
import { askWhereToSave } from './electron/downloads';
import { serveChannelOverIpc } from './electron/ipcAdapter';
import { denyWebPermissions } from './electron/permissions';
import { createSafeStorageSecretStore } from './electron/safeStorageSecrets';
import { claimSingleInstance } from './electron/singleInstance';
import { runSmokeTest } from './electron/smokeTest';
import { MIN_WINDOW_SIZE } from './electron/windowPlacement';
import { WindowStateKeeper } from './electron/windowStateKeeper';

const here = path.dirname(fileURLToPath(import.meta.url));
let mainWindow: BrowserWindow | undefined;
let windowState: WindowStateKeeper;

function isOurUi(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}
// Our pages get none of the web permissions Electron would grant by default.
void app.whenReady().then(() => denyWebPermissions());

// `--smoke-test` (the release workflow's check of a packaged app) runs beside anything else,
// in a data folder of its own, and exits with the result.
const smokeTest = process.argv.includes('--smoke-test');
if (smokeTest) app.setPath('userData', mkdtempSync(path.join(tmpdir(), 'qoscope-smoke-test-')));

// A second launch only brings the running QoScope to the front.
if (smokeTest || claimSingleInstance(() => mainWindow, () => void openWindow())) startDesktopApp();
else app.quit();

function startDesktopApp(): void {
  const dataDir = app.getPath('userData');
  const engine = new QoScopeApp({ dataDir });
  windowState = new WindowStateKeeper(dataDir);
  registerAppScheme();
  // Native menus and dialogs follow the theme chosen in the UI.
  engine.desktop.onDidChooseTheme((theme) => {
    nativeTheme.themeSource = theme;
  });

  app.whenReady().then(async () => {
    serveRenderer(path.resolve(here, '../renderer'), engine.connections);
    serveChannelOverIpc(engine.host, engine.host.congestion, isOurUi);
    askWhereToSave(session.defaultSession, APP_ORIGIN);
    // On Linux the safeStorage key is known only once the app is ready.
    const status = await engine.start(await createSafeStorageSecretStore(dataDir));
    const urls = brokerUrls(status);
    console.log(urls ? `Embedded broker: ${urls.mqtt}  ${urls.ws}` : 'Embedded broker: not running (start it from the app)');
    await installApplicationMenu(engine.desktop, () => mainWindow);
    await openWindow();
    if (smokeTest && mainWindow) reportSmokeTest(engine, mainWindow);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openWindow();
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
    void Promise.allSettled([windowState.flush(), engine.dispose()]).finally(() => app.exit());
  });
}

function reportSmokeTest(engine: QoScopeApp, window: BrowserWindow): void {
  runSmokeTest(engine, window).then(
    (what) => {
      console.log(`Smoke test passed: ${what}`);
      return 0;
    },
    (error: unknown) => {
      console.error(`Smoke test failed: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    },
  ).then((code) => engine.dispose().finally(() => app.exit(code)));
}

async function openWindow(): Promise<void> {
  const placement = await windowState.placement();
  const window = new BrowserWindow({
    ...(placement.x === undefined ? {} : { x: placement.x, y: placement.y }),
    width: placement.width,
    height: placement.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'QoScope',
    // Until the page paints, the window shows the OS theme's background rather than a white flash.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#14161a' : '#f6f7f9',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // A packaged app has no developer tools at all, not just no menu item for them.
      devTools: !app.isPackaged,
    },
  });
  if (placement.maximized) window.maximize();
  windowState.track(window);
  mainWindow = window;
  window.once('closed', () => {
    if (mainWindow === window) mainWindow = undefined;
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
