import http from 'node:http';
import { WebSocketServer } from 'ws';
import { MESSAGE_EXPORT_PATH } from '../../shared/contract/messageExport';
import { listenOnFreePort } from '../broker/listenOnFreePort';
import { authorizePath, capabilityPrefix, createAccessToken } from './accessToken';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
import { serveMessageExport, type MessageExportSource } from './exportRoute';
import { HOST_REFUSED_LINE, allowedHosts, hostAllowed } from './hostAllowList';
import { parseRequestTarget } from './requestTarget';
import type { ServiceHost } from './serviceHost';
import { readStaticFile } from './staticFiles';
import { serveChannelOverWebSocket } from './webSocketChannel';

/** Inside the run's prefix: the page opens it relative to its own URL. */
export const RPC_PATH = '/rpc';

export type BrowserModeOptions = {
  rendererRoot: string;
  /** The engine's services, and where each page's congestion is reported. */
  host: ServiceHost;
  /** Where downloads of kept messages come from (see exportRoute.ts). */
  messageExports: MessageExportSource;
  port?: number;
  /** The user chose the port: when it is taken, fail with its number instead of moving on. */
  exactPort?: boolean;
};

export type BrowserModeServer = {
  url: string;
  port: number;
  close(): Promise<void>;
};

/**
 * Browser mode: serves the built UI and the contract over a WebSocket, on loopback only, to
 * whoever holds the per-run token. Everything lives under the printed URL's path
 * (`/s/<token>/`, see accessToken.ts); nothing is kept in a cookie, so no other port or
 * origin on this machine ever receives the token.
 */
export async function startBrowserModeServer(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const token = createAccessToken();
  const bindHost = '127.0.0.1';
  // Empty until we know our port: a request that somehow arrives earlier is refused, not let in.
  let hosts: ReadonlySet<string> = new Set();

  const server = http.createServer((request, response) => {
    void handleHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function handleHttp(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const plain = (status: number, line: string, headers: http.OutgoingHttpHeaders = {}) =>
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'referrer-policy': 'no-referrer', ...headers }).end(line);
    if (!hostAllowed(hosts, request.headers.host)) return void plain(421, HOST_REFUSED_LINE);
    const target = parseRequestTarget(request.url);
    if (!target.ok) return void plain(400, `QoScope: bad request: ${target.reason}.\n`);
    const access = authorizePath(token, target.path);
    if (access.kind === 'refused') return void plain(401, 'QoScope: open the URL printed in the terminal; it carries this run\'s access token.\n');
    if (access.kind === 'prefix-only') return void plain(308, 'Moved\n', { location: capabilityPrefix(token) });

    if (access.path === MESSAGE_EXPORT_PATH) return serveMessageExport(options.messageExports, request, response, target.query);
    const file = await readStaticFile(options.rendererRoot, access.path);
    if (!file) return void plain(404, 'Not found\n');
    response
      .writeHead(200, {
        'content-type': file.type,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        // The token is in every URL of the page: no request may tell another site where it came from.
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      })
      .end(file.body);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 512 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    if (!hostAllowed(hosts, request.headers.host)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n' + HOST_REFUSED_LINE);
      return;
    }
    const target = parseRequestTarget(request.url);
    if (!target.ok) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    const access = authorizePath(token, target.path);
    // Exact: only a page this server served (same scheme, host and port) may open the socket.
    const sameOrigin = request.headers.origin === `http://${request.headers.host}`;
    if (access.kind !== 'inside' || access.path !== RPC_PATH || !sameOrigin) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveChannelOverWebSocket(ws, options.host, options.host.congestion));
  });

  const wanted = options.port ?? 7883;
  const port = await listenOnFreePort(server, bindHost, wanted, { exact: options.exactPort, what: 'QoScope (browser mode)' });
  if (wanted !== 0 && port !== wanted) console.log(`Port ${wanted} was in use, so QoScope (browser mode) listens on ${port}.`);
  hosts = allowedHosts(port);
  return {
    port,
    url: `http://${bindHost}:${port}${capabilityPrefix(token)}`,
    close: async () => {
      sockets.clients.forEach((client) => client.terminate());
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
