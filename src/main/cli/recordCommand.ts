import { createWriteStream, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { validateTopicFilter } from '../../shared/mqtt/topic';
import type { QoS } from '../../shared/domain/message';
import { jsonLine } from '../store/messageExport';
import { EXIT, UsageError } from './cliErrors';
import { CONNECTION_OPTIONS, connectionProfile, wholeNumberFlag } from './connectionFlags';
import { openSession } from './cliSession';
import { PcapngCapture } from './pcapngCapture';

export const RECORD_HELP = `qoscope record: keep what arrives on topic filters, to replay it or open it in Wireshark

  qoscope record -t FILTER [-t FILTER …] -o FILE.jsonl|FILE.pcapng [-C N] [-W SECONDS]

  -t, --topic FILTER       topic filter (repeatable)
  -q, --qos 0|1|2          QoS to subscribe with (default 0)
  -o, --output FILE        .jsonl: one message per line (the app's JSON Lines export format,
                           which qoscope replay reads); .pcapng: every control packet in and
                           out, for Wireshark and tshark
  -C, --count N            stop after N messages
  -W, --timeout SECONDS    stop after this long (Ctrl+C also stops and keeps the file)
  Connection flags as for qoscope sub (qoscope sub --help).

Examples:
  qoscope record -t 'plant/#' -o shift.jsonl -W 3600
  qoscope record -t 'lab/#' -o lab.pcapng -C 100 && tshark -r lab.pcapng
Exit: 0 recorded, 1 usage, 2 connection refused, failed or lost.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  topic: { type: 'string', short: 't', multiple: true },
  qos: { type: 'string', short: 'q' },
  output: { type: 'string', short: 'o' },
  count: { type: 'string', short: 'C' },
  timeout: { type: 'string', short: 'W' },
} as const;

export async function recordCommand(args: string[], out: { error(line: string): void }): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  const filters = values.topic ?? [];
  if (filters.length === 0) throw new UsageError("-t FILTER is missing: say what to record, e.g. -t 'home/#'");
  for (const filter of filters) {
    const problem = validateTopicFilter(filter);
    if (problem) throw new UsageError(`-t ${filter}: ${problem}`);
  }
  const file = values.output;
  if (file === undefined || !/\.(jsonl|pcapng)$/.test(file)) throw new UsageError('-o FILE is missing or not .jsonl / .pcapng: say where to record, e.g. -o run.jsonl');
  const qos = (wholeNumberFlag('-q', values.qos, 0, 2) ?? 0) as QoS;
  const count = wholeNumberFlag('-C', values.count, 1, Number.MAX_SAFE_INTEGER);
  const timeoutS = wholeNumberFlag('-W', values.timeout, 1, 31_536_000);
  const profile = await connectionProfile(values, out.error);
  const asPcapng = file.endsWith('.pcapng');

  const lines = asPcapng ? undefined : createWriteStream(file);
  const pcap = asPcapng ? new PcapngCapture() : undefined;
  let received = 0;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const session = await openSession(profile, {
    onMessage: (message) => {
      if (count !== undefined && received >= count) return;
      received += 1;
      lines?.write(jsonLine({ ...message, connectionId: '', seq: received }));
      if (count !== undefined && received >= count) finish(EXIT.ok);
    },
    onClosed: (reason) => {
      out.error(`connection lost: ${reason}`);
      finish(EXIT.connection);
    },
    ...(pcap ? { capture: pcap.openSocket() } : {}),
  });
  const stop = () => finish(EXIT.ok);
  process.once('SIGINT', stop);
  const timer = timeoutS === undefined ? undefined : setTimeout(stop, timeoutS * 1000);
  try {
    for (const filter of filters) await session.subscribe({ filter, qos });
    return await finished;
  } finally {
    if (timer) clearTimeout(timer);
    process.off('SIGINT', stop);
    await session.disconnect().catch(() => undefined);
    if (lines) await new Promise<void>((resolve) => lines.end(resolve));
    else if (pcap) writeFileSync(file, pcap.pcapng('qoscope record'));
    out.error(`recorded ${received} message${received === 1 ? '' : 's'} to ${file}`);
  }
}
