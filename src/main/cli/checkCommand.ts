import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkBroker, type CheckRow } from '../engine/brokerCheck';
import { prepareTls } from '../engine/tls/prepareTls';
import { EXIT, UsageError } from './cliErrors';
import { CONNECTION_OPTIONS, connectionProfile } from './connectionFlags';
import { PcapngCapture } from './pcapngCapture';

export const CHECK_HELP = `qoscope check: what a broker supports, and whether it behaves

  qoscope check [URL] [connection flags] [--json] [--pcapng FILE]

  URL                      mqtt[s]|ws[s]://[user[:pass]@]host[:port][/path] (same as -L)
      --json               the rows as JSON instead of a table
      --pcapng FILE        every packet of every probe, for Wireshark or tshark; each row
                           names its packets by frame number (e.g. packets 40-52)
  Probes, each with its own short-lived clients and topics under qoscope-check/<random>/:
  MQTT 3.1 / 3.1.1 / 5.0 accepted, Maximum QoS, QoS 0/1/2 delivered (QoS 2 exactly once),
  QoS downgraded to the granted QoS, retained messages, wildcards, $SYS, shared subscriptions,
  a session resumed with queued QoS 1/2 in order, will delivery, empty client id rules,
  topic alias, Receive Maximum and Maximum Packet Size honoured.

Examples:
  qoscope check mqtt://127.0.0.1:1883
  qoscope check mqtts://broker.example:8883 --cafile ca.pem -u me -P secret --json
  qoscope check mqtt://127.0.0.1:1883 --pcapng check.pcapng && tshark -r check.pcapng -Y 'frame.number >= 40 && frame.number <= 52'
Exit: 0 every row pass or not supported, 3 a row failed, 1 usage, 2 could not connect at all.`;

const OPTIONS = { ...CONNECTION_OPTIONS, json: { type: 'boolean' }, pcapng: { type: 'string' } } as const;

export async function checkCommand(args: string[], out: { line(text: string): void; error(text: string): void }): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('give at most one broker URL');
  const profile = await connectionProfile({ ...values, ...(positionals[0] !== undefined ? { url: positionals[0] } : {}) }, out.error);
  if (profile.transport !== 'mqtt' && profile.transport !== 'ws' && !profile.tls) throw new UsageError('TLS needs --cafile or --insecure');
  const pcapngFile = values.pcapng;
  if (pcapngFile !== undefined && !pcapngFile.endsWith('.pcapng')) throw new UsageError(`--pcapng ${pcapngFile}: name the file FILE.pcapng`);
  const tls = profile.tls ? await prepareTls(profile) : undefined;
  const capture = pcapngFile === undefined ? undefined : new PcapngCapture();
  const rows = await checkBroker(profile, tls, {
    ...(values.json ? {} : { onRow: (row: CheckRow) => out.line(tableRow(row)) }),
    ...(capture ? { openTap: () => capture.openSocket() } : {}),
  });
  if (capture && pcapngFile !== undefined) {
    writeFileSync(pcapngFile, capture.pcapng('qoscope check'));
    out.error(`${capture.packets.length} packets written to ${pcapngFile}`);
  }
  if (rows.every((row) => row.detail.includes('ECONNREFUSED') || /Nothing is listening|could not|closed before CONNACK/i.test(row.detail)) && rows.every((r) => r.result !== 'pass')) {
    out.error(`could not connect to ${profile.host}:${profile.port}: ${rows[0]?.detail ?? ''}`);
    return EXIT.connection;
  }
  if (values.json) out.line(JSON.stringify(rows, null, 2));
  const failed = rows.filter((row) => row.result === 'fail').length;
  out.error(`${rows.length} checks: ${rows.filter((r) => r.result === 'pass').length} pass, ${failed} fail, ${rows.filter((r) => r.result === 'not supported').length} not supported`);
  return failed > 0 ? EXIT.check : EXIT.ok;
}

function tableRow(row: CheckRow): string {
  const mark = row.result === 'pass' ? 'pass ' : row.result === 'fail' ? 'FAIL ' : 'n/s  ';
  const packets = row.packets ? `  (packets ${row.packets.first}-${row.packets.last})` : '';
  return `${mark} ${row.name.padEnd(40)} ${row.detail}${packets}`;
}
