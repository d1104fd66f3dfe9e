import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { validateTopicName } from '../../shared/mqtt/topic';
import type { QoS } from '../../shared/domain/message';
import type { PublishProperties } from '../../shared/mqtt/publishProperties';
import { UsageError } from './cliErrors';
import { CONNECTION_OPTIONS, profileFromFlags } from './connectionFlags';
import { openSession } from './cliSession';

export const REPLAY_HELP = `qoscope replay: publish a recording again, with its original timing

  qoscope replay FILE.jsonl [--speed X] [--loop] [connection flags]

  FILE.jsonl               a qoscope record file, or a JSON Lines export from the app's log
      --speed X            faster (2 = twice as fast) or slower (0.5); 0 = as fast as possible
      --loop               start again at the end, until Ctrl+C
  Messages keep their topic, payload bytes, QoS, retain flag and MQTT 5 properties.
  Connection flags as for qoscope pub (qoscope pub --help).

Examples:
  qoscope replay shift.jsonl --speed 10
  qoscope replay lab.jsonl -L mqtt://test-broker.local:1883 --loop
Exit: 0 replayed, 1 usage (the line and the problem are named), 2 connection refused or failed.`;

const OPTIONS = { ...CONNECTION_OPTIONS, speed: { type: 'string' }, loop: { type: 'boolean' } } as const;

/** One line of a recording or an app export: what a replay needs of it. */
const recordSchema = z.object({
  time: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'time is not a date'),
  topic: z.string().superRefine((topic, ctx) => {
    const problem = validateTopicName(topic);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  retain: z.boolean(),
  payload: z.string().nullable(),
  payloadBase64: z.string().optional(),
  properties: z
    .object({
      contentType: z.string().optional(),
      responseTopic: z.string().optional(),
      correlationData: z.string().optional(),
      messageExpiryInterval: z.number().optional(),
      payloadFormatIndicator: z.boolean().optional(),
      userProperties: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
    })
    .passthrough()
    .optional(),
});
type Recorded = { at: number; topic: string; payload: Uint8Array; qos: QoS; retain: boolean; properties: PublishProperties | undefined };

export async function replayCommand(args: string[], out: { error(line: string): void }): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError('give one recording, e.g. qoscope replay run.jsonl');
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) throw new UsageError(`--speed ${values.speed}: give a number of 0 or more (2 = twice as fast, 0 = no waiting)`);
  // The whole recording is read and checked first: a bad line is named before anything is sent.
  const recording = await readRecording(file);
  if (recording.length === 0) throw new UsageError(`${file}: no messages in it`);
  const profile = profileFromFlags(values);
  if (profile.protocolVersion !== 5 && recording.some((m) => m.properties)) out.error('MQTT 3.1.1 has no properties: they are left out');
  const session = await openSession(profile);
  let stopped = false;
  const stop = () => (stopped = true);
  process.once('SIGINT', stop);
  try {
    do {
      const started = performance.now();
      const first = recording[0]!.at;
      for (const message of recording) {
        if (stopped) break;
        const due = speed === 0 ? 0 : (message.at - first) / speed - (performance.now() - started);
        if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
        await session.publish(message.topic, message.payload, message.qos, message.retain, profile.protocolVersion === 5 ? message.properties : undefined);
      }
    } while (values.loop && !stopped);
    out.error(`replayed ${recording.length} message${recording.length === 1 ? '' : 's'} from ${file}`);
  } finally {
    process.off('SIGINT', stop);
    await session.disconnect();
  }
}

async function readRecording(file: string): Promise<Recorded[]> {
  const messages: Recorded[] = [];
  let line = 0;
  try {
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      line += 1;
      if (text.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new UsageError(`${file} line ${line}: not JSON`);
      }
      const parsed = recordSchema.safeParse(json);
      if (!parsed.success) throw new UsageError(`${file} line ${line}: ${parsed.error.issues[0]?.path.join('.') || 'record'}: ${parsed.error.issues[0]?.message}`);
      const r = parsed.data;
      const payload = r.payload !== null ? new TextEncoder().encode(r.payload) : Buffer.from(r.payloadBase64 ?? '', 'base64');
      messages.push({ at: Date.parse(r.time), topic: r.topic, payload, qos: r.qos, retain: r.retain, properties: toProperties(r.properties) });
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return messages;
}

function toProperties(p: z.infer<typeof recordSchema>['properties']): PublishProperties | undefined {
  if (!p) return undefined;
  const userProperties = Object.entries(p.userProperties ?? {}).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: v })));
  const properties: PublishProperties = {
    ...(p.contentType !== undefined ? { contentType: p.contentType } : {}),
    ...(p.responseTopic !== undefined ? { responseTopic: p.responseTopic } : {}),
    ...(p.correlationData !== undefined ? { correlationData: Buffer.from(p.correlationData, 'base64') } : {}),
    ...(p.messageExpiryInterval !== undefined ? { messageExpiryInterval: p.messageExpiryInterval } : {}),
    ...(p.payloadFormatIndicator !== undefined ? { payloadFormatIndicator: p.payloadFormatIndicator } : {}),
    ...(userProperties.length ? { userProperties } : {}),
  };
  return Object.keys(properties).length ? properties : undefined;
}
