import { z } from 'zod';
import type { ErrorValue } from '../errors/errors';

/**
 * Frames for transports that carry the channel over a byte stream (the browser-mode WebSocket).
 * Frames are msgpack-encoded so payload bytes travel as bytes.
 */
export const clientFrameSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: z.number().int(), service: z.string(), method: z.string(), args: z.array(z.unknown()) }),
  z.object({ t: z.literal('listen'), id: z.number().int(), service: z.string(), event: z.string() }),
  z.object({ t: z.literal('dispose'), id: z.number().int() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: ErrorValue }
  | { t: 'event'; id: number; payload: unknown };
