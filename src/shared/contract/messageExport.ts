import { z } from 'zod';
import { messageQuerySchema } from '../domain/messageQuery';

// Exporting kept messages is a plain download, not a contract call: a million messages stream
// straight to disk (HTTP in browser mode, app:// in Electron) instead of crossing the channel as
// one value. This file is what the link in the UI and the engine's route agree on.

export const MESSAGE_EXPORT_PATH = '/export/messages';

export const messageExportFormatSchema = z.enum(['jsonl', 'csv'], { message: 'must be jsonl or csv' });
export type MessageExportFormat = z.infer<typeof messageExportFormatSchema>;

const connectionRequired = 'required (the id of a connection)';

/** The export's query string: which connection, which format, and the log's own query. */
export const messageExportRequestSchema = messageQuerySchema
  .extend({
    connection: z.string({ message: connectionRequired }).min(1, connectionRequired).max(100, 'at most 100 characters'),
    format: messageExportFormatSchema,
  })
  .strict();
export type MessageExportRequest = z.infer<typeof messageExportRequestSchema>;
