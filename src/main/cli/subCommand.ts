import { parseArgs } from 'node:util';
import { validateTopicFilter } from '../../shared/mqtt/topic';
import type { QoS } from '../../shared/domain/message';
import type { PayloadFormat } from '../../shared/payload/codecs/codec';
import { viewPayload } from '../../shared/payload/codecs/payloadCodecs';
import type { SessionMessage } from '../engine/session';
import { ConnectionError, EXIT, UsageError } from './cliErrors';
import { CONNECTION_OPTIONS, connectionProfile, wholeNumberFlag } from './connectionFlags';
import { openSession } from './cliSession';
import { formatFlag, FORMAT_OPTION } from './payloadFlags';

export const SUB_HELP = `qoscope sub: print the messages on one or more topic filters

  qoscope sub -t FILTER [-t FILTER …] [options]

  -t, --topic FILTER       topic filter to subscribe to (repeatable; + and # work)
  -q, --qos 0|1|2          QoS to ask for (default 0)
  -C, --count N            exit after N messages
  -W, --timeout SECONDS    exit after this long
  -v, --verbose            print the topic before each payload
      --format FORMAT      show payloads as text (default), json, hex, base64, cbor or msgpack;
                           a payload not in that format is shown as hex
      --output jsonl       one JSON object per message: topic, payload, format, qos,
                           retain, dup, time, MQTT 5 properties
      --packets            print every control packet in and out to stderr
  Connection: -h HOST (127.0.0.1) -p PORT (1883) | -L mqtt[s]|ws[s]://[user[:pass]@]host[:port][/path]
          -u USER -P PASSWORD -i CLIENT_ID -k KEEPALIVE -V 5|311|31 (default 5) -c (keep the session)
          --cafile FILE --cert FILE --key FILE --insecure (TLS; any of them turns TLS on)
          --profile NAME: a connection saved in QoScope (its password from the app's keychain
          entry; flags given as well win; a client id of its own unless -i), looked up in browser
          mode's folder or --data-dir DIR

Examples:
  qoscope sub -t 'home/#' -v
  qoscope sub -t sensors/+/cbor --format cbor --output jsonl -C 100 > readings.jsonl
  qoscope sub -L ws://127.0.0.1:8083/mqtt -t '$SYS/#' -v -W 5
Exit: 0 done, 1 usage, 2 connection refused, failed or lost,
      3 --count N not reached within --timeout.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...FORMAT_OPTION,
  topic: { type: 'string', short: 't', multiple: true },
  qos: { type: 'string', short: 'q' },
  count: { type: 'string', short: 'C' },
  timeout: { type: 'string', short: 'W' },
  verbose: { type: 'boolean', short: 'v' },
  output: { type: 'string' },
  packets: { type: 'boolean' },
} as const;

export type SubOutput = { line(text: string): void; error(text: string): void };

/** Resolves with the exit code once --count or --timeout is reached (or never, until interrupted). */
export async function subCommand(args: string[], out: SubOutput): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  const filters = values.topic ?? [];
  if (filters.length === 0) throw new UsageError("-t FILTER is missing: say what to subscribe to, e.g. -t 'home/#'");
  for (const filter of filters) {
    const problem = validateTopicFilter(filter);
    if (problem) throw new UsageError(`-t ${filter}: ${problem}`);
  }
  const qos = (wholeNumberFlag('-q', values.qos, 0, 2) ?? 0) as QoS;
  const count = wholeNumberFlag('-C', values.count, 1, Number.MAX_SAFE_INTEGER);
  const timeoutS = wholeNumberFlag('-W', values.timeout, 1, 31_536_000);
  const format = formatFlag(values.format);
  if (values.output !== undefined && values.output !== 'jsonl') throw new UsageError(`--output ${values.output}: the one machine format is jsonl`);
  const profile = await connectionProfile(values, out.error);

  let received = 0;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const print = (message: SessionMessage) => {
    if (count !== undefined && received >= count) return;
    received += 1;
    out.line(values.output === 'jsonl' ? jsonLine(message, format) : textLine(message, format, values.verbose === true));
    if (count !== undefined && received >= count) finish(EXIT.ok);
  };
  let lost: string | undefined;
  const session = await openSession(profile, {
    onMessage: print,
    onClosed: (reason) => {
      lost = reason;
      finish(EXIT.connection);
    },
    ...(values.packets ? { printPacket: out.error } : {}),
  });
  const timer = timeoutS === undefined ? undefined : setTimeout(() => finish(count === undefined ? EXIT.ok : EXIT.check), timeoutS * 1000);
  try {
    for (const filter of filters) {
      try {
        await session.subscribe({ filter, qos });
      } catch (error) {
        throw new ConnectionError(error instanceof Error ? error.message : String(error));
      }
    }
    const code = await finished;
    if (code === EXIT.check) out.error(`timed out after ${timeoutS} s with ${received} of ${count} messages`);
    if (lost) out.error(`connection lost: ${lost}`);
    return code;
  } finally {
    if (timer) clearTimeout(timer);
    await session.disconnect().catch(() => undefined);
  }
}

function textLine(message: SessionMessage, format: PayloadFormat, verbose: boolean): string {
  const shown = viewPayload(message.payload, format);
  // One message per line: a pretty-printed payload is put on one line.
  const text = format === 'json' || format === 'cbor' || format === 'msgpack' ? compactJson(shown.text) : shown.text;
  return verbose ? `${message.topic} ${text}` : text;
}

function jsonLine(message: SessionMessage, format: PayloadFormat): string {
  const shown = viewPayload(message.payload, format);
  const payload = shown.format === 'hex' && format !== 'hex' ? shown.text : format === 'text' || format === 'hex' || format === 'base64' ? shown.text : safeJson(shown.text);
  return JSON.stringify({
    topic: message.topic,
    payload,
    format: shown.format,
    qos: message.qos,
    retain: message.retain,
    dup: message.dup,
    time: new Date(message.time).toISOString(),
    ...(message.properties ? { properties: message.properties } : {}),
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function compactJson(text: string): string {
  const value = safeJson(text);
  return typeof value === 'string' && value === text ? text : JSON.stringify(value);
}
