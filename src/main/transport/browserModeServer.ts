import http from 'node:http';
import { WebSocketServer } from 'ws';
import { MESSAGE_EXPORT_PATH } from '../../shared/contract/messageExport';
import { listenOnFreePort } from '../broker/listenOnFreePort';
import { TOKEN_COOKIE, createAccessToken, tokenFromRequest, tokenMatches } from './accessToken';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
import { serveMessageExport, type MessageExportSource } from './exportRoute';
import type { ServiceHost } from './serviceHost';
import { readStaticFile } from './staticFiles';
import { serveChannelOverWebSocket } from './webSocketChannel';

export const RPC_PATH = '/rpc';

export type BrowserModeOptions = {
  rendererRoot: string;
  /** The engine's services, and where each page's congestion is reported. */
  host: ServiceHost;
  /** Where downloads of kept messages come from (see exportRoute.ts). */
  messageExports: MessageExportSource;
  port?: number;
};

export type BrowserModeServer = {
  url: string;
  port: number;
  close(): Promise<void>;
};

/**
 * Browser mode: serves the built UI and the contract over a WebSocket, on loopback only, to
 * whoever holds the per-run token. The token arrives in the printed URL once and is then kept in
 * a same-site, HTTP-only cookie so the page's own requests carry it.
 */
export async function startBrowserModeServer(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const token = createAccessToken();
  const bindHost = '127.0.0.1';

  const server = http.createServer((request, response) => {
    void handleHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function handleHttp(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const given = tokenFromRequest(request);
    if (!tokenMatches(token, given.token)) {
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('QoScope: open the URL printed in the terminal; it carries this run\'s access token.\n');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    // Behind the same token check as everything else; the cookie is SameSite=Strict, so another
    // site cannot make the browser fetch a user's messages.
    if (url.pathname === MESSAGE_EXPORT_PATH) return serveMessageExport(options.messageExports, request, response, url);
    const file = await readStaticFile(options.rendererRoot, url.pathname);
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    const headers: http.OutgoingHttpHeaders = {
      'content-type': file.type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (given.fromQuery) headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    response.writeHead(200, headers).end(file.body);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 512 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const origin = request.headers.origin;
    const sameOrigin = origin === `http://${request.headers.host}`;
    if (url.pathname !== RPC_PATH || !sameOrigin || !tokenMatches(token, tokenFromRequest(request).token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveChannelOverWebSocket(ws, options.host, options.host.congestion));
  });

  const port = await listenOnFreePort(server, bindHost, options.port ?? 7883);
  return {
    port,
    url: `http://${bindHost}:${port}/?token=${token}`,
    close: async () => {
      sockets.clients.forEach((client) => client.terminate());
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
