import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { MESSAGE_EXPORT_PATH } from '../../shared/contract/messageExport';
import { CONTENT_SECURITY_POLICY } from '../transport/contentSecurityPolicy';
import { prepareMessageExport, type MessageExportSource } from '../transport/exportRoute';
import { parseRequestTarget } from '../transport/requestTarget';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://qoscope`;

/** Must run before the app is ready. A standard, secure scheme behaves like https for the page. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer from app://qoscope/ rather than file://, with our CSP on every
 * response, and the message export at the same path as browser mode, so a download link in the
 * UI works in both (Electron shows its save dialog).
 */
export function serveRenderer(rendererRoot: string, messageExports: MessageExportSource): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host === 'qoscope' && url.pathname === MESSAGE_EXPORT_PATH) return exportResponse(messageExports, request, url);
    const target = parseRequestTarget(url.pathname);
    if (!target.ok) return new Response(`Bad request: ${target.reason}\n`, { status: 400 });
    const relative = target.path === '/' ? '/index.html' : target.path;
    const file = path.resolve(rendererRoot, `.${relative}`);
    if (url.host !== 'qoscope' || !file.startsWith(rendererRoot + path.sep)) {
      return new Response('Not found', { status: 404 });
    }
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}

async function exportResponse(source: MessageExportSource, request: Request, url: URL): Promise<Response> {
  const textHeaders = { 'Content-Type': 'text/plain; charset=utf-8' };
  if (request.method !== 'GET') return new Response('Exports are fetched with GET\n', { status: 405, headers: { ...textHeaders, Allow: 'GET' } });
  const prepared = await prepareMessageExport(source, url.searchParams);
  if (prepared.status !== 200) return new Response(`${prepared.message}\n`, { status: prepared.status, headers: textHeaders });
  return new Response(pulled(prepared.body), { status: 200, headers: prepared.headers });
}

/** A stream that asks for the next chunk only when the reader wants it: the download sets the pace. */
function pulled(chunks: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    // The download was cancelled: end the generator so it stops reading the store.
    async cancel() {
      await iterator.return?.();
    },
  });
}
