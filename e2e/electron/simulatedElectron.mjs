// A stand-in for the `electron` module, faithful where QoScope's main process depends on it:
// the built main entry runs in Node against this, and its window is a real Chromium page (over
// CDP, SIM_CDP) that loads the UI through main's own app:// handler and the real preload. What
// Electron refuses is refused here too: a window without contextIsolation/sandbox, a value IPC
// cannot clone, a require the sandbox forbids, a navigation main prevents, a window.open main
// denies. Not simulated: native menus, dialogs and downloads are recorded, not shown.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { chromium } from 'playwright-core';
import { decodeIpc, encodeIpc } from './ipcCodec.mjs';

const home = process.env.SIM_HOME ?? fileURLToPath(new URL('../../test-results/electron-sim', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
/** Where app://qoscope/… is shown to Chromium: a secure origin that no network can answer. */
export const STAND_IN = 'https://app-qoscope.invalid';
const record = (what, detail) => console.log(`[electron-sim] ${what}${detail === undefined ? '' : ` ${JSON.stringify(detail)}`}`);

const toAppUrl = (url) => (url.startsWith(STAND_IN) ? `app://qoscope${url.slice(STAND_IN.length)}` : url);
const toStandIn = (url) => (url.startsWith('app://qoscope') ? `${STAND_IN}${url.slice('app://qoscope'.length)}` : url);

let browser;
async function chromiumContext() {
  browser ??= await chromium.connectOverCDP(process.env.SIM_CDP);
  return browser.contexts()[0];
}

// ── app ──────────────────────────────────────────────────────────────────────
class App extends EventEmitter {
  paths = new Map();
  ready = false;
  isPackaged = false;
  commandLine = { appendSwitch() {}, hasSwitch: () => false };
  constructor() {
    super();
    this.readyPromise = new Promise((resolve) => setTimeout(() => {
      this.ready = true;
      this.emit('ready');
      resolve();
    }, 0));
  }
  whenReady() { return this.readyPromise; }
  isReady() { return this.ready; }
  getName() { return 'QoScope'; }
  getVersion() { return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version; }
  getAppPath() { return root; }
  getPath(name) {
    if (!this.paths.has(name)) {
      const dir = path.join(home, name);
      mkdirSync(dir, { recursive: true });
      this.paths.set(name, dir);
    }
    return this.paths.get(name);
  }
  setPath(name, value) { this.paths.set(name, value); }
  setAboutPanelOptions() {}
  requestSingleInstanceLock() { return true; }
  quit() {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.exit(0);
  }
  exit(code = 0) {
    record('exit', code);
    process.exit(code);
  }
}
export const app = new App();

// ── protocol and net ─────────────────────────────────────────────────────────
const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged must be called before the app is ready');
    record('privileged schemes', schemes.map((s) => s.scheme));
  },
  handle(scheme, handler) { protocolHandlers.set(scheme, handler); },
};

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.png': 'image/png' };
export const net = {
  async fetch(url) {
    if (!url.startsWith('file:')) throw new Error(`the simulation's net.fetch serves file: URLs only, not ${url}`);
    const file = fileURLToPath(url);
    try {
      const body = await readFile(file);
      return new Response(body, { status: 200, headers: { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  },
};

// ── ipcMain ──────────────────────────────────────────────────────────────────
const invokeHandlers = new Map();
const messageListeners = new EventEmitter();
export const ipcMain = {
  handle(channel, fn) {
    if (invokeHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    invokeHandlers.set(channel, fn);
  },
  removeHandler(channel) { invokeHandlers.delete(channel); },
  on(channel, fn) { messageListeners.on(channel, fn); return ipcMain; },
};

// ── sessions, downloads, permissions ─────────────────────────────────────────
class Session extends EventEmitter {
  setPermissionRequestHandler(fn) { this.permissionRequest = fn; }
  setPermissionCheckHandler(fn) { this.permissionCheck = fn; }
}
export const session = { defaultSession: new Session() };

// ── the preload, in the page ─────────────────────────────────────────────────
export function preloadScript(source) {
  return `(() => {
  const encodeIpc = ${encodeIpc.toString()};
  const decodeIpc = ${decodeIpc.toString()};
  const toMain = window.__qoscopeSimIpc;
  if (typeof toMain !== 'function' || window.top !== window) return;
  try { delete window.__qoscopeSimIpc; } catch {}
  const listeners = new Map();
  // Electron's IPC structured-clones what it carries: a function or a DOM node fails here too.
  const cloned = (args) => structuredClone(args);
  const ipcRenderer = {
    invoke: async (channel, ...args) => decodeIpc(await toMain('invoke', channel, encodeIpc(cloned(args)))),
    send: (channel, ...args) => { void toMain('send', channel, encodeIpc(cloned(args))); },
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, []);
      listeners.get(channel).push(listener);
      return ipcRenderer;
    },
  };
  Object.defineProperty(window, '__qoscopeSimDeliver', {
    value: (channel, encoded) => { for (const l of listeners.get(channel) ?? []) l({}, ...decodeIpc(encoded)); },
  });
  const contextBridge = {
    exposeInMainWorld: (key, api) => {
      const freeze = (v) => { if (v && typeof v === 'object') { Object.values(v).forEach(freeze); Object.freeze(v); } return v; };
      Object.defineProperty(window, key, { value: freeze(api), enumerable: true });
    },
  };
  class EventEmitter {
    #l = new Map();
    on(e, f) { (this.#l.get(e) ?? this.#l.set(e, []).get(e)).push(f); return this; }
    emit(e, ...a) { for (const f of this.#l.get(e) ?? []) f(...a); return (this.#l.get(e) ?? []).length > 0; }
  }
  // What a sandboxed Electron preload may require; anything else throws, as it does there.
  const modules = {
    electron: { contextBridge, ipcRenderer },
    events: { EventEmitter },
    timers: { setTimeout, clearTimeout, setInterval, clearInterval },
    url: { URL, URLSearchParams },
  };
  const require = (name) => {
    if (!Object.hasOwn(modules, name)) throw new Error('module not found: ' + name);
    return modules[name];
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${source}
  })(require, module, module.exports);
})();`;
}

// ── windows ──────────────────────────────────────────────────────────────────
const windows = new Set();
let nextWebContentsId = 1;

class WebContents extends EventEmitter {
  id = nextWebContentsId++;
  session = session.defaultSession;
  destroyed = false;
  loading = true;
  openHandler = () => ({ action: 'allow' });
  constructor(preferences) {
    super();
    this.preferences = preferences;
  }
  isDestroyed() { return this.destroyed; }
  isLoading() { return this.loading; }
  getURL() { return this.page ? toAppUrl(this.page.url()) : ''; }
  setWindowOpenHandler(fn) { this.openHandler = fn; }
  async executeJavaScript(code) { return this.page.evaluate(code); }
  send(channel, ...args) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    serialize(args); // throws "could not be cloned" like Electron for functions and the like
    // eslint-disable-next-line no-undef -- runs in the page
    void this.page?.evaluate(([ch, encoded]) => window.__qoscopeSimDeliver?.(ch, encoded), [channel, encodeIpc(args)]).catch(() => undefined);
  }

  async load(url) {
    const context = await chromiumContext();
    const page = await context.newPage();
    this.page = page;
    const event = () => ({ sender: this, senderFrame: { url: this.getURL(), parent: null } });
    await page.exposeBinding('__qoscopeSimIpc', async (_source, kind, channel, encoded) => {
      const args = decodeIpc(encoded);
      if (kind === 'invoke') {
        const handler = invokeHandlers.get(channel);
        if (!handler) throw new Error(`No handler registered for '${channel}'`);
        const result = await handler(event(), ...args);
        serialize([result]);
        return encodeIpc(result);
      }
      messageListeners.emit(channel, event(), ...args);
      return undefined;
    });
    if (this.preferences?.preload) await page.addInitScript(preloadScript(readFileSync(this.preferences.preload, 'utf8')));
    let first = true;
    await page.route('**/*', async (route) => {
      const request = route.request();
      const target = toAppUrl(request.url());
      if (request.isNavigationRequest() && request.frame() === page.mainFrame() && !first) {
        const navigation = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
        this.emit('will-navigate', navigation, target);
        if (navigation.defaultPrevented) {
          record('navigation prevented', target);
          // ERR_ABORTED leaves the page as it was (no error page), as a prevented navigation does.
          return route.abort('aborted');
        }
      }
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) first = false;
      if (!target.startsWith('app://')) {
        // Loopback only: the simulation never lets the page reach the network.
        return /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)[:/]/.test(target) ? route.continue() : route.abort('blockedbyclient');
      }
      const handler = protocolHandlers.get('app');
      const response = await handler(new Request(target, { method: request.method() }));
      const body = Buffer.from(await response.arrayBuffer());
      await route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body });
    });
    // Electron asks setWindowOpenHandler with the URL window.open was given, before anything
    // loads; CDP's Page.windowOpen tells that URL, and the popup Chromium opens is then closed.
    const opening = [];
    const cdp = await page.context().newCDPSession(page);
    cdp.on('Page.windowOpen', ({ url: opened }) => {
      const decision = this.openHandler({ url: toAppUrl(opened), disposition: 'new-window' });
      opening.push(decision?.action === 'allow');
      if (decision?.action !== 'allow') record('window.open denied', toAppUrl(opened));
    });
    await cdp.send('Page.enable');
    page.on('popup', async (popup) => {
      if (!(opening.shift() ?? false)) await popup.close();
    });
    page.on('load', () => {
      this.loading = false;
      this.emit('did-finish-load');
    });
    page.on('close', () => {
      this.destroyed = true;
      this.emit('destroyed');
    });
    await page.goto(toStandIn(url));
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() { return [...windows]; }
  bounds = { x: 0, y: 0, width: 1400, height: 900 };
  maximized = false;
  constructor(options = {}) {
    super();
    const prefs = options.webPreferences ?? {};
    // QoScope's hardening, as the simulation insists on it: Electron would run without it.
    if (prefs.contextIsolation !== true || prefs.sandbox !== true || prefs.nodeIntegration === true) {
      throw new Error('electron-sim: windows must have contextIsolation and sandbox on and nodeIntegration off');
    }
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    this.webContents = new WebContents(prefs);
    windows.add(this);
    this.webContents.once('destroyed', () => {
      windows.delete(this);
      this.emit('closed');
      if (windows.size === 0) app.emit('window-all-closed');
    });
  }
  loadURL(url) { return this.webContents.load(url); }
  isDestroyed() { return this.webContents.destroyed; }
  getBounds() { return { ...this.bounds }; }
  getNormalBounds() { return { ...this.bounds }; }
  setBounds(bounds) { this.bounds = { ...this.bounds, ...bounds }; this.emit('move'); }
  isMaximized() { return this.maximized; }
  maximize() { this.maximized = true; this.emit('maximize'); }
  isMinimized() { return false; }
  restore() {}
  show() {}
  focus() {}
  close() { void this.webContents.page?.close(); }
}

// ── the rest main uses ───────────────────────────────────────────────────────
export const Menu = {
  current: undefined,
  buildFromTemplate(template) { return { items: template }; },
  setApplicationMenu(menu) { Menu.current = menu; record('menu', (menu?.items ?? []).map((item) => item.label ?? item.role)); },
  getApplicationMenu() { return Menu.current; },
};
/**
 * The test's hand on the native menu: a line `menu File > New Connection` on stdin clicks that
 * item of the application menu, as a person would (accelerator markers like "&File" ignored).
 */
function clickMenu(labels) {
  let items = Menu.current?.items ?? [];
  let item;
  for (const label of labels) {
    item = items.find((candidate) => (candidate.label ?? '').replace(/&/g, '') === label);
    if (!item) return record('menu item not found', labels.join(' > '));
    items = item.submenu ?? [];
  }
  record('menu click', labels.join(' > '));
  item.click?.(item, BrowserWindow.getAllWindows()[0], {});
}
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  for (const line of text.split('\n')) {
    if (line.startsWith('menu ')) clickMenu(line.slice(5).split(' > '));
  }
});
process.stdin.unref?.();

export const shell = { async openExternal(url) { record('openExternal', url); } };
export const dialog = {
  async showOpenDialog() { return { canceled: true, filePaths: [] }; },
  async showSaveDialog() { return { canceled: true }; },
  async showMessageBox() { return { response: 0 }; },
  showErrorBox(title, content) { record('error box', { title, content }); },
};
export const nativeTheme = Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' });
const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, scaleFactor: 1 };
export const screen = { getPrimaryDisplay: () => display, getAllDisplays: () => [display] };

// safeStorage: a real cipher with a key kept beside the app data, so sealed files hold no plaintext.
const key = createHash('sha256').update(`electron-sim:${home}`).digest();
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  async encryptStringAsync(plain) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  },
  async decryptStringAsync(buffer) {
    const decipher = createDecipheriv('aes-256-gcm', key, buffer.subarray(0, 12));
    decipher.setAuthTag(buffer.subarray(12, 28));
    const result = Buffer.concat([decipher.update(buffer.subarray(28)), decipher.final()]).toString('utf8');
    return { result, shouldReEncrypt: false };
  },
};

export default { app, BrowserWindow, Menu, dialog, ipcMain, nativeTheme, net, protocol, safeStorage, screen, session, shell };
