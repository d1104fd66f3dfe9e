import { z } from 'zod';
import { validateTopicName } from '../mqtt/topic';
import type { PublishProperties } from '../mqtt/publishProperties';
import { fromBase64 } from '../payload/codecs/base64Codec';
import { utf8Encode } from '../payload/utf8';
import type { QoS } from './message';

/**
 * A recording to publish again: the JSON Lines the app's log exports and `qoscope record` writes
 * (see messageJson). Read by `qoscope replay` and by *Replay…* in the app, the same way.
 */
export type RecordedMessage = { at: number; topic: string; payload: Uint8Array; qos: QoS; retain: boolean; properties: PublishProperties | undefined };

export type ParsedRecording = { ok: true; messages: RecordedMessage[] } | { ok: false; line: number; error: string };

const base64Bytes = z.string().transform((text, ctx) => {
  const decoded = fromBase64(text);
  if (decoded.ok) return decoded.value;
  ctx.addIssue({ code: 'custom', message: decoded.error });
  return z.NEVER;
});

/** One line: what a replay needs of it (other fields, such as seq and direction, are left alone). */
const lineSchema = z.object({
  time: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date'),
  topic: z.string().superRefine((topic, ctx) => {
    const problem = validateTopicName(topic);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  retain: z.boolean(),
  payload: z.string().nullable(),
  payloadBase64: base64Bytes.optional(),
  properties: z
    .object({
      contentType: z.string().optional(),
      responseTopic: z.string().optional(),
      correlationData: base64Bytes.optional(),
      messageExpiryInterval: z.number().int().min(0).max(4_294_967_295).optional(),
      payloadFormatIndicator: z.boolean().optional(),
      userProperties: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    })
    .passthrough()
    .optional(),
});

/** Every line checked before anything is sent: the first bad one is named, with what is wrong. */
export function parseRecording(text: string): ParsedRecording {
  const messages: RecordedMessage[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      return { ok: false, line: index + 1, error: 'not JSON' };
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, line: index + 1, error: `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'not a message'}` };
    }
    const r = parsed.data;
    if (r.payload === null && r.payloadBase64 === undefined) return { ok: false, line: index + 1, error: 'payload: null without payloadBase64' };
    messages.push({
      at: Date.parse(r.time),
      topic: r.topic,
      payload: r.payload !== null ? utf8Encode(r.payload) : r.payloadBase64!,
      qos: r.qos,
      retain: r.retain,
      properties: toProperties(r.properties),
    });
  }
  return { ok: true, messages };
}

function toProperties(p: z.infer<typeof lineSchema>['properties']): PublishProperties | undefined {
  if (!p) return undefined;
  const userProperties = Object.entries(p.userProperties ?? {}).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: v })));
  const properties: PublishProperties = {
    ...(p.contentType !== undefined ? { contentType: p.contentType } : {}),
    ...(p.responseTopic !== undefined ? { responseTopic: p.responseTopic } : {}),
    ...(p.correlationData !== undefined ? { correlationData: p.correlationData } : {}),
    ...(p.messageExpiryInterval !== undefined ? { messageExpiryInterval: p.messageExpiryInterval } : {}),
    ...(p.payloadFormatIndicator !== undefined ? { payloadFormatIndicator: p.payloadFormatIndicator } : {}),
    ...(userProperties.length ? { userProperties } : {}),
  };
  return Object.keys(properties).length ? properties : undefined;
}

export type ReplayOptions = {
  /** 2 = twice as fast, 0.5 = half; 0 = no waiting at all. */
  speed: number;
  /** Start again after the last message, until stopped. */
  loop: boolean;
  publish(message: RecordedMessage): Promise<void>;
  stopped(): boolean;
  /** The host's timer and clock (this module runs in Node and in the renderer). */
  sleep(ms: number): Promise<void>;
  now(): number;
  /** After each message sent: how many so far, over all rounds. */
  onSent?(sent: number): void;
};

/**
 * Publishes a recording with its original spacing: each message is due at its offset from the
 * first, divided by `speed`, counted from the start of the round (so a slow send is caught up,
 * not added to every later gap). Resolves with the number sent, when done or stopped.
 */
export async function replayRecording(messages: readonly RecordedMessage[], options: ReplayOptions): Promise<number> {
  const first = messages[0]?.at ?? 0;
  let sent = 0;
  do {
    const started = options.now();
    for (const message of messages) {
      if (options.stopped()) return sent;
      const due = options.speed === 0 ? 0 : (message.at - first) / options.speed - (options.now() - started);
      if (due > 0) await options.sleep(due);
      if (options.stopped()) return sent;
      await options.publish(message);
      sent += 1;
      options.onSent?.(sent);
    }
  } while (options.loop && !options.stopped() && messages.length > 0);
  return sent;
}
