import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseRecording, replayRecording } from '../../shared/domain/recording';
import { UsageError } from './cliErrors';
import { CONNECTION_OPTIONS, connectionProfile } from './connectionFlags';
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

export async function replayCommand(args: string[], out: { error(line: string): void }): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError('give one recording, e.g. qoscope replay run.jsonl');
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  if (!Number.isFinite(speed) || speed < 0) throw new UsageError(`--speed ${values.speed}: give a number of 0 or more (2 = twice as fast, 0 = no waiting)`);
  // The whole recording is read and checked first: a bad line is named before anything is sent.
  const recording = parseRecording(await readRecordingFile(file));
  if (!recording.ok) throw new UsageError(`${file} line ${recording.line}: ${recording.error}`);
  if (recording.messages.length === 0) throw new UsageError(`${file}: no messages in it`);
  const profile = await connectionProfile(values, out.error);
  if (profile.protocolVersion !== 5 && recording.messages.some((m) => m.properties)) out.error('MQTT 3.1.1 has no properties: they are left out');
  const session = await openSession(profile);
  let stopped = false;
  const stop = () => (stopped = true);
  process.once('SIGINT', stop);
  try {
    const sent = await replayRecording(recording.messages, {
      speed,
      loop: values.loop === true,
      publish: (m) => session.publish(m.topic, m.payload, m.qos, m.retain, profile.protocolVersion === 5 ? m.properties : undefined),
      stopped: () => stopped,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      now: () => performance.now(),
    });
    out.error(`replayed ${sent} message${sent === 1 ? '' : 's'} from ${file}`);
  } finally {
    process.off('SIGINT', stop);
    await session.disconnect();
  }
}

async function readRecordingFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}
