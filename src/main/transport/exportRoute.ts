import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserError } from '../../shared/errors/errors';
import { messageExportRequestSchema, type MessageExportFormat } from '../../shared/contract/messageExport';
import type { ConnectionRegistry } from '../engine/connectionRegistry';
import { exportMessages } from '../store/messageExport';
import type { MessageStore } from '../store/messageStore';

/** All an export needs from the engine: a connection's store, and its name for the file. */
export type MessageExportSource = Pick<ConnectionRegistry, 'store' | 'list'>;

/** Either a download ready to stream, or a plain-text refusal. Shared by both transports. */
export type PreparedExport =
  | { status: 200; headers: Record<string, string>; body: AsyncIterable<Uint8Array> }
  | { status: 400 | 404; message: string };

const MEDIA_TYPES: Record<MessageExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** Validates `?connection=…&format=…[&text&topicFilter&direction]` and finds the store. */
export async function prepareMessageExport(source: MessageExportSource, params: URLSearchParams, now = new Date()): Promise<PreparedExport> {
  // No prototype: a parameter named like "constructor" or "__proto__" is just an unknown key.
  const fields: Record<string, string> = Object.create(null);
  for (const [key, value] of params) {
    if (Object.hasOwn(fields, key)) return { status: 400, message: `Cannot export: ${key} is given more than once` };
    fields[key] = value;
  }
  const parsed = messageExportRequestSchema.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    return { status: 400, message: `Cannot export: ${problems.join('; ')}` };
  }
  const { connection, format, ...query } = parsed.data;
  let store: MessageStore;
  try {
    store = source.store(connection);
  } catch (error) {
    if (error instanceof UserError) return { status: 404, message: `No connection with id "${connection}"` };
    throw error;
  }
  const name = (await source.list()).find((info) => info.id === connection)?.profile.name;
  return {
    status: 200,
    headers: {
      'content-type': MEDIA_TYPES[format],
      'content-disposition': `attachment; filename="${exportFileName(name, connection, format, now)}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    },
    body: exportMessages(store, format, query),
  };
}

/**
 * "<name>-messages-<yyyymmdd-hhmmss>.<ext>" in local time. The name is reduced to characters
 * that are safe in a header and in a file name on every OS (no quotes, slashes or controls).
 */
function exportFileName(name: string | undefined, connectionId: string, format: MessageExportFormat, now: Date): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  const base = safe(name ?? '') || safe(connectionId) || 'connection';
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${two(now.getMonth() + 1)}${two(now.getDate())}-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  return `${base}-messages-${stamp}.${format}`;
}

/** Browser mode: streams the export into the response at the pace the client reads it. */
export async function serveMessageExport(source: MessageExportSource, request: IncomingMessage, response: ServerResponse, query: URLSearchParams): Promise<void> {
  if (request.method !== 'GET') {
    response.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('Exports are fetched with GET\n');
    return;
  }
  const prepared = await prepareMessageExport(source, query);
  if (prepared.status !== 200) {
    response.writeHead(prepared.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${prepared.message}\n`);
    return;
  }
  response.writeHead(200, prepared.headers);
  try {
    // Leaving the loop early (client gone) ends the generator, so no more messages are read.
    for await (const chunk of prepared.body) {
      if (response.destroyed) return;
      if (!response.write(chunk)) await drainOrClose(response);
      if (response.destroyed) return;
    }
  } catch (error) {
    // Headers are out: a broken connection is the only way to tell the browser the file is incomplete.
    response.destroy(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  response.end();
}

/** write() returned false: wait until the socket takes more, or until the client went away. */
function drainOrClose(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
