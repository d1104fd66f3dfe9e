import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { validateTopicName } from '../../shared/mqtt/topic';
import type { QoS } from '../../shared/domain/message';
import { UsageError } from './cliErrors';
import { CONNECTION_OPTIONS, connectionProfile, wholeNumberFlag } from './connectionFlags';
import { openSession } from './cliSession';
import { lineBatches } from './lineBatches';
import { encodeMessage, formatFlag, FORMAT_OPTION, PROPERTY_OPTIONS, propertiesFromFlags } from './payloadFlags';

export const PUB_HELP = `qoscope pub: publish one message, a file, or one message per stdin line

  qoscope pub -t TOPIC (-m MESSAGE | -f FILE | -n | -l) [options]

  -t, --topic TOPIC        topic to publish to
  -m, --message TEXT       the payload (encoded as --format)
  -f, --file FILE          the payload is the file's bytes, as they are
  -n, --null-message       an empty payload (with -r: deletes the retained message)
  -l, --stdin-line         one message per line read from stdin
  -q, --qos 0|1|2          QoS (default 0); 1 and 2 wait for the broker's acknowledgement
  -r, --retain             retain the message
      --format FORMAT      how -m and -l text becomes bytes: text (default), json, hex,
                           base64, cbor or msgpack (both written as JSON)
  MQTT 5: --user-property name=value (repeatable), --content-type TYPE,
          --response-topic TOPIC, --correlation-data TEXT, --message-expiry SECONDS
      --packets            print every control packet in and out to stderr
  Connection: -h HOST (127.0.0.1) -p PORT (1883) | -L mqtt[s]|ws[s]://[user[:pass]@]host[:port][/path]
          -u USER -P PASSWORD -i CLIENT_ID -k KEEPALIVE -V 5|311|31 (default 5)
          --cafile FILE --cert FILE --key FILE --insecure (TLS; any of them turns TLS on)
          --profile NAME: a connection saved in QoScope (its password from the app's keychain
          entry; flags given as well win; a client id of its own unless -i), looked up in browser
          mode's folder or --data-dir DIR

Examples:
  qoscope pub -t home/kitchen/temp -m 21.5
  qoscope pub -t lab/cfg -q 1 -r --format json -m '{"interval": 5}'
  tail -f readings.txt | qoscope pub -t lab/readings -l
  qoscope pub -L mqtts://broker.example:8883 --cafile ca.pem -t a/b -m hi
  qoscope pub --profile 'Plant broker' -t line/3/cmd -q 1 -m stop
Exit: 0 sent, 1 usage, 2 connection refused or failed.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...FORMAT_OPTION,
  ...PROPERTY_OPTIONS,
  topic: { type: 'string', short: 't' },
  message: { type: 'string', short: 'm' },
  file: { type: 'string', short: 'f' },
  'null-message': { type: 'boolean', short: 'n' },
  'stdin-line': { type: 'boolean', short: 'l' },
  qos: { type: 'string', short: 'q' },
  retain: { type: 'boolean', short: 'r' },
  packets: { type: 'boolean' },
} as const;

export async function pubCommand(args: string[], out: { error(line: string): void }): Promise<void> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  const topic = values.topic;
  if (topic === undefined) throw new UsageError('-t TOPIC is missing: say where to publish, e.g. -t home/kitchen/temp');
  const topicProblem = validateTopicName(topic);
  if (topicProblem) throw new UsageError(`-t ${topic}: ${topicProblem}`);
  const sources = [values.message !== undefined, values.file !== undefined, values['null-message'] === true, values['stdin-line'] === true].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('give exactly one of -m MESSAGE, -f FILE, -n or -l');
  const qos = (wholeNumberFlag('-q', values.qos, 0, 2) ?? 0) as QoS;
  const format = formatFlag(values.format);
  const profile = await connectionProfile(values, out.error);
  const properties = propertiesFromFlags(values);
  if (properties && profile.protocolVersion !== 5) throw new UsageError('MQTT 5 properties need -V 5 (the default); this connection uses 3.1.1 or 3.1');
  // Everything the user typed is checked before connecting: nothing is sent half-way.
  const single =
    values.message !== undefined
      ? encodeMessage(values.message, format, '-m')
      : values.file !== undefined
        ? readPayloadFile(values.file)
        : values['null-message']
          ? new Uint8Array()
          : undefined;
  const session = await openSession(profile, values.packets ? { printPacket: out.error } : {});
  try {
    const send = (payload: Uint8Array) => session.publish(topic, payload, qos, values.retain === true, properties);
    if (single) await send(single);
    else {
      let line = 0;
      // QoS 0 lines are handed on without waiting for each write (a thousand at most in the air);
      // QoS 1 and 2 wait for each acknowledgement, so the order and the count are the broker's.
      let inTheAir: Promise<void>[] = [];
      for await (const texts of lineBatches(process.stdin)) {
        for (const text of texts) {
          line += 1;
          const sending = send(encodeMessage(text, format, `stdin line ${line}`));
          if (qos > 0) await sending;
          else if (inTheAir.push(sending) >= 1000) await Promise.all(inTheAir.splice(0));
        }
      }
      await Promise.all(inTheAir);
      inTheAir = [];
    }
  } finally {
    await session.disconnect();
  }
}

function readPayloadFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new UsageError(`-f ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
