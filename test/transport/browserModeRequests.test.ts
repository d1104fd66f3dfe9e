/**
 * What browser mode answers to requests a browser on a hostile web, or a sloppy client, sends:
 * names other than this machine's loopback in `Host` (DNS rebinding), malformed %-escapes, and
 * the token anywhere but the path the server printed. Raw `http.request`s, so every header and
 * byte of the target is exactly what the test says.
 */
import http from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QoScopeApp } from '../../src/main/app';
import { startBrowserModeServer, type BrowserModeServer } from '../../src/main/transport/browserModeServer';

let dataDir: string;
let app: QoScopeApp;
let server: BrowserModeServer;
/** The printed URL's path, `/s/<token>/`. */
let base: string;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function get(path: string, host = `127.0.0.1:${server.port}`): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port: server.port, path, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Opens the engine socket as a page would; resolves with 'open' or the HTTP status it was refused with. */
function upgrade(path: string, host: string, origin = `http://${host}`): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers: { host }, origin });
    socket.once('open', () => {
      socket.terminate();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'qoscope-requests-'));
  await writeFile(join(dataDir, 'index.html'), '<!doctype html><title>QoScope</title>');
  app = new QoScopeApp({ dataDir, broker: { autoStart: false, mqttPort: 0, wsPort: 0 } });
  server = await startBrowserModeServer({ rendererRoot: dataDir, host: app.host, messageExports: app.connections, port: 0 });
  base = new URL(server.url).pathname;
});

afterEach(async () => {
  await server.close();
  await app.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the printed URL', () => {
  it('carries the token in its path and sets no cookie', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[0-9a-f]{48}\/$/);
    const page = await get(base);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>QoScope</title>');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('sends the prefix without its slash to the prefix, so relative URLs resolve', async () => {
    const answer = await get(base.slice(0, -1));
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe(base);
  });

  it('refuses the token in a query or under another prefix', async () => {
    const token = base.split('/')[2];
    expect((await get(`/?token=${token}`)).status).toBe(401);
    expect((await get(`/x/${token}/`)).status).toBe(401);
    expect((await get('/s/not-the-token/')).status).toBe(401);
    expect((await get(`/s/${token}x/`)).status).toBe(401);
  });

  it('keeps a path that climbs out of the prefix outside the renderer folder', async () => {
    expect((await get(`${base}..%2F..%2Findex.html`)).status).toBe(404);
    expect((await get(`${base}%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });
});

describe('the Host header', () => {
  it('is answered for 127.0.0.1, localhost and [::1] with this port', async () => {
    for (const name of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) expect((await get(base, `${name}:${server.port}`)).status).toBe(200);
  });

  it('refuses any other name, even with the right token, with a plain line', async () => {
    for (const host of [`evil.example:${server.port}`, 'evil.example', `127.0.0.1:${server.port + 1}`, '127.0.0.1', `127.0.0.1.evil.example:${server.port}`]) {
      const answer = await get(base, host);
      expect(answer.status, host).toBe(421);
      expect(answer.body).toContain('answers only to 127.0.0.1, localhost or [::1]');
      expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    }
  });

  it('refuses an engine socket for any other name, even when Origin matches it', async () => {
    expect(await upgrade(`${base}rpc`, `127.0.0.1:${server.port}`)).toBe('open');
    expect(await upgrade(`${base}rpc`, `evil.example:${server.port}`)).toBe(421);
  });

  it('still requires the exact Origin on the engine socket', async () => {
    expect(await upgrade(`${base}rpc`, `127.0.0.1:${server.port}`, `http://localhost:${server.port}`)).toBe(401);
    expect(await upgrade(`${base}rpc`, `127.0.0.1:${server.port}`, 'null')).toBe(401);
  });
});

describe('malformed %-escapes', () => {
  it('are a 400 that says so, never a 500, wherever they are', async () => {
    for (const path of ['/%', `${base}%E0%A4%A`, `${base}assets/%zz.js`, `${base.slice(0, -1)}%/`]) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body).toContain('malformed %-escape');
    }
  });

  it('are a 400 on the engine socket too', async () => {
    expect(await upgrade(`${base}rpc%`, `127.0.0.1:${server.port}`)).toBe(400);
  });
});
