/**
 * Wrappers around the mosquitto_pub / mosquitto_sub command-line clients.
 *
 * Tests use them as an independent reference implementation: if QoScope and
 * the Eclipse clients agree on what went over the wire, the bug is not in a
 * shared library.
 */
import { spawn } from 'node:child_process';

const HOST = '127.0.0.1';
const INSTALL_HINT = 'Install it with: apt-get install mosquitto-clients';

export type QoS = 0 | 1 | 2;

export interface MosquittoPubArgs {
  port: number;
  topic: string;
  /**
   * Payload; a string is sent as UTF-8. Any bytes work (NUL included) because
   * it is piped through stdin (`-s`) rather than passed as a `-m` argument.
   * Ignored when `nullMessage` is true.
   */
  message: string | Buffer;
  qos?: QoS;
  retain?: boolean;
  username?: string;
  password?: string;
  /** Defaults to mosquitto_pub's own default, MQTT 3.1.1. */
  protocol?: '311' | '5';
  /** Send a zero-length payload (`-n`), e.g. to clear a retained message. */
  nullMessage?: boolean;
}

export interface MosquittoSubArgs {
  port: number;
  topic: string;
  /** Exit after this many messages (`-C`). */
  count: number;
  qos?: QoS;
  /** Give up after this many seconds (`-W`); default 5. Received messages are still returned. */
  timeoutSeconds?: number;
  /** Echo mosquitto_sub's raw output (debug lines included) to this process's stderr, for debugging a test. */
  verbose?: boolean;
  /** Only handle retained messages; exits at the first non-retained one (`--retained-only`). */
  retainedOnly?: boolean;
  username?: string;
  password?: string;
  protocol?: '311' | '5';
}

export interface ReceivedMessage {
  topic: string;
  /** Payload decoded as UTF-8 ('' for a zero-length payload). */
  payload: string;
  /** Exact payload bytes, for binary payloads that do not survive UTF-8 decoding. */
  payloadBytes: Buffer;
  qos: QoS;
  retain: boolean;
}

export interface MosquittoSubHandle {
  /** Resolves once the broker has acknowledged the subscription (SUBACK received). */
  ready: Promise<void>;
  /** Messages received until `count` was reached, the timeout hit, or (retainedOnly) a live message arrived. */
  result: Promise<ReceivedMessage[]>;
}

/** mosquitto_sub's exit code when -W expires. */
const EXIT_TIMED_OUT = 27;

/**
 * Output format for each message. We deliberately do not use `-v`
 * ("topic payload"): on this mosquitto_sub (2.0.11) a multi-line payload spans
 * several output lines, an empty payload prints as "(null)", and binary
 * payloads are written raw, so the output cannot be parsed back reliably.
 * With -F we get one line per message, payload hex-encoded (%x, empty for a
 * zero-length payload), topic last so it may contain spaces, and a marker that
 * no `-d` debug line ("Client ... received PUBLISH ...", "Subscribed (mid: 1): 0")
 * can start with.
 */
const MESSAGE_MARKER = 'QOSCOPE-MSG';
const MESSAGE_FORMAT = `${MESSAGE_MARKER} %r %q %x %t`;
const MESSAGE_LINE = /^QOSCOPE-MSG ([01]) ([012]) ([0-9a-f]*) (.*)$/;
/** `-d` debug line printed when the SUBACK arrives, e.g. "Client (null) received SUBACK". */
const SUBACK_LINE = /^Client .* received SUBACK$/;

function protocolFlag(protocol: '311' | '5' | undefined): string[] {
  if (protocol === undefined) return [];
  return ['-V', protocol === '5' ? 'mqttv5' : 'mqttv311'];
}

function credentialFlags(username: string | undefined, password: string | undefined): string[] {
  return [...(username !== undefined ? ['-u', username] : []), ...(password !== undefined ? ['-P', password] : [])];
}

function spawnError(command: string, err: NodeJS.ErrnoException): Error {
  return err.code === 'ENOENT' ? new Error(`${command} not found on PATH. ${INSTALL_HINT}`) : err;
}

/** Publish one message with mosquitto_pub; rejects with its stderr on a non-zero exit. */
export function mosquittoPub(args: MosquittoPubArgs): Promise<void> {
  const payload = args.nullMessage ? Buffer.alloc(0) : Buffer.from(args.message);
  const argv = [
    '-h', HOST,
    '-p', String(args.port),
    '-t', args.topic,
    // Command-line arguments cannot carry NUL bytes, so the payload goes
    // through stdin. `-s` refuses empty input ("Zero length input"), and a
    // zero-length payload is exactly what `-n` sends, so use that instead.
    payload.length === 0 ? '-n' : '-s',
    ...(args.qos !== undefined ? ['-q', String(args.qos)] : []),
    ...(args.retain ? ['-r'] : []),
    ...credentialFlags(args.username, args.password),
    ...protocolFlag(args.protocol),
  ];
  return new Promise<void>((resolve, reject) => {
    const child = spawn('mosquitto_pub', argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    // If mosquitto_pub exits early (e.g. connection refused) the write can fail
    // with EPIPE; its exit code and stderr are the useful error, not this one.
    child.stdin.on('error', () => undefined);
    child.stdin.end(payload);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    // A QoS 1/2 publish to a broker that stops answering would otherwise hang
    // until vitest's own test timeout, with a much less useful message.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(spawnError('mosquitto_pub', err));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`mosquitto_pub to ${args.topic} failed (code ${code}, signal ${signal}): ${output.trim()}`));
    });
  });
}

/**
 * Start mosquitto_sub and report when its subscription is active.
 *
 * mosquitto_sub has no readiness signal of its own, so we run it with `-d` and
 * wait for the "received SUBACK" debug line: once the broker has sent SUBACK
 * the subscription is in place and a publish will be delivered.
 *
 * Caveat found on this machine: mosquitto_sub only fflush()es stdout after a
 * *message*; the debug lines sit in stdio's block buffer when stdout is a pipe,
 * so the SUBACK line would only show up with the first message (too late).
 * `stdbuf -oL` (coreutils) makes stdout line-buffered.
 */
export function startMosquittoSub(args: MosquittoSubArgs): MosquittoSubHandle {
  const timeoutSeconds = args.timeoutSeconds ?? 5;
  const subArgv = [
    '-h', HOST,
    '-p', String(args.port),
    '-t', args.topic,
    '-C', String(args.count),
    '-W', String(timeoutSeconds),
    '-d',
    '-F', MESSAGE_FORMAT,
    ...(args.qos !== undefined ? ['-q', String(args.qos)] : []),
    ...(args.retainedOnly ? ['--retained-only'] : []),
    ...credentialFlags(args.username, args.password),
    ...protocolFlag(args.protocol),
  ];

  let resolveReady!: () => void;
  let rejectReady!: (err: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  const result = new Promise<ReceivedMessage[]>((resolve, reject) => {
    const child = spawn('stdbuf', ['-oL', 'mosquitto_sub', ...subArgv], { stdio: ['ignore', 'pipe', 'pipe'] });
    const messages: ReceivedMessage[] = [];
    let stdoutRest = '';
    let stderrText = '';
    let subscribed = false;

    const handleLine = (line: string): void => {
      const match = MESSAGE_LINE.exec(line);
      if (match) {
        const [, retain, qos, hex, topic] = match;
        const payloadBytes = Buffer.from(hex ?? '', 'hex');
        messages.push({
          topic: topic ?? '',
          payload: payloadBytes.toString('utf8'),
          payloadBytes,
          qos: Number(qos) as QoS,
          retain: retain === '1',
        });
      } else if (!subscribed && SUBACK_LINE.test(line)) {
        subscribed = true;
        resolveReady();
      }
    };

    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (args.verbose) process.stderr.write(text);
      // Chunks need not end on a line boundary; keep the partial tail for next time.
      const lines = (stdoutRest + text).split('\n');
      stdoutRest = lines.pop() ?? '';
      for (const line of lines) handleLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (args.verbose) process.stderr.write(text);
      stderrText += text;
    });

    // Belt and braces: -W should always end the process, but never let a stuck
    // client outlive its own timeout by much.
    const guard = setTimeout(() => child.kill('SIGKILL'), (timeoutSeconds + 5) * 1000);

    const fail = (err: Error): void => {
      clearTimeout(guard);
      rejectReady(err); // no-op if already resolved
      reject(err);
    };

    child.once('error', (err: NodeJS.ErrnoException) => {
      fail(err.code === 'ENOENT' ? new Error(`stdbuf or mosquitto_sub not found on PATH. ${INSTALL_HINT}`) : err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      if (stdoutRest) handleLine(stdoutRest);
      // Exit 0: -C count reached (or --retained-only saw a live message).
      // Exit 27: -W timeout; return what arrived so the test can assert on counts.
      if (code === 0 || code === EXIT_TIMED_OUT) {
        // Exiting without a SUBACK (e.g. timeout before subscribing) means the
        // subscription never became active; a waiting test must not hang.
        rejectReady(new Error(`mosquitto_sub exited (code ${code}) before the subscription to ${args.topic} was acknowledged: ${stderrText.trim()}`));
        resolve(messages);
        return;
      }
      fail(new Error(`mosquitto_sub on ${args.topic} failed (code ${code}, signal ${signal}): ${stderrText.trim()}`));
    });
  });

  // Callers often await only one of the two promises (e.g. `ready` fails and
  // the test throws before awaiting `result`). Mark both as handled so the
  // other rejection does not surface as an unhandled rejection and fail the
  // whole run; awaiting either still throws as usual.
  ready.catch(() => undefined);
  result.catch(() => undefined);
  return { ready, result };
}

/** Subscribe, collect up to `count` messages (or until the timeout) and return them. */
export function mosquittoSub(args: MosquittoSubArgs): Promise<ReceivedMessage[]> {
  return startMosquittoSub(args).result;
}

/**
 * A flood: `count` QoS 0 messages of 64 bytes on one topic from a single `mosquitto_pub -l`
 * (each line is one message), numbered so a gap would show.
 */
export function mosquittoFlood(port: number, topic: string, count: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '0', '-l'], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`mosquitto_pub exited ${code}`))));
    const lines = Array.from({ length: count }, (_, i) => String(i).padStart(8, '0').padEnd(64, '.'));
    child.stdin.end(`${lines.join('\n')}\n`);
  });
}
