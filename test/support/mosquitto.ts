/**
 * Test harness: run a real Eclipse Mosquitto broker on 127.0.0.1.
 *
 * Each call to startMosquitto() gets its own temp dir, config file and free
 * port(s), so test files can run in parallel without sharing broker state.
 * The broker is a child process of the test worker. Tests must stop() it
 * (typically in afterEach/afterAll): vitest ends its fork workers with
 * SIGTERM, which skips process 'exit' handlers, so the 'exit' hook below is
 * only a best-effort safety net (it does run for normal exits and
 * process.exit()).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants, rmSync } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort } from './freePort';

export interface MosquittoOptions {
  /** If given: a password_file with these users is created and anonymous access is refused. */
  users?: { username: string; password: string }[];
  /** Also open a `protocol websockets` listener on another free port (see `wsPort`). */
  websockets?: boolean;
  /** Also open TLS listener(s) with these files (see `tlsPort`, `wssPort`). */
  tls?: MosquittoTlsOptions;
  /** Extra raw mosquitto.conf lines, appended after the generated ones. */
  extraConfig?: string[];
}

export interface MosquittoTlsOptions {
  /** PEM paths; see test/support/certificates.ts. The broker verifies client certificates against caFile. */
  caFile: string;
  certFile: string;
  keyFile: string;
  /** Mutual TLS: refuse clients that present no certificate signed by caFile. */
  requireCertificate?: boolean;
  /** Also a `protocol websockets` listener with the same TLS settings (see `wssPort`). */
  websockets?: boolean;
}

export interface RunningMosquitto {
  host: '127.0.0.1';
  /** Plain MQTT (TCP) listener. */
  port: number;
  /** WebSockets listener, only when `websockets: true` was requested. */
  wsPort?: number;
  /** `mqtt://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<wsPort>`, only when `websockets: true` was requested. */
  wsUrl?: string;
  /** MQTT over TLS listener, only when `tls` was given. */
  tlsPort?: number;
  /** WebSockets over TLS listener, only when `tls.websockets` was requested. */
  wssPort?: number;
  /**
   * SIGTERM and wait for exit (SIGKILL after 3 s), then delete the temp dir.
   * Idempotent; restart() still works afterwards (it rewrites the config).
   */
  stop(): Promise<void>;
  /** SIGKILL immediately, to simulate a broker that vanishes. Idempotent. */
  kill(): Promise<void>;
  /** SIGSTOP: the broker stays connected but answers nothing (a hang mid-handshake). */
  freeze(): void;
  /** SIGCONT after freeze(). */
  thaw(): void;
  /** Stop (if running) and start again on the same port(s), config and persistence dir; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** Everything mosquitto wrote to stdout/stderr so far (across restarts), for assertion messages. */
  logs(): string;
}

const HOST = '127.0.0.1';
/** How long a (re)start may take before we give up and report mosquitto's logs. */
const START_TIMEOUT_MS = 10_000;
/** Grace period between SIGTERM and SIGKILL in stop(). */
const STOP_GRACE_MS = 3_000;
/** Keep only the tail of very chatty logs; they are only used in failure messages. */
const MAX_LOG_CHARS = 256 * 1024;
const INSTALL_HINT = 'Install it with: apt-get install mosquitto mosquitto-clients';

// ---------------------------------------------------------------------------
// Best-effort process-wide cleanup for brokers a test never stopped: an
// orphaned mosquitto would hold its port and could keep a CI job alive.
// 'exit' handlers must be synchronous, hence kill() + rmSync. Not reached when
// the process dies from a signal (vitest SIGTERMs its forks), see top of file.
// ---------------------------------------------------------------------------
const liveBrokers = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveBrokers) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });
}

/** Locate the broker binary. Debian installs it in /usr/sbin, which is often not on a non-root PATH. */
async function findMosquittoBinary(): Promise<string> {
  const candidates = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto'];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir) candidates.push(join(dir, 'mosquitto'));
  }
  for (const candidate of candidates) {
    try {
      await access(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // Not there (or not executable); try the next location.
    }
  }
  throw new Error(`mosquitto broker binary not found (looked in /usr/sbin and on PATH). ${INSTALL_HINT}`);
}

/** Run a short-lived helper (mosquitto_passwd) and reject with its stderr on failure. */
function runTool(command: string, args: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT'
          ? new Error(`${command} not found on PATH. ${INSTALL_HINT}`)
          : err,
      );
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args[0] ?? ''} failed (code ${code}, signal ${signal}): ${output.trim()}`));
    });
  });
}

/** One short TCP connect attempt; true if something is listening on the port. */
function canConnect(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: HOST, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function startMosquitto(opts: MosquittoOptions = {}): Promise<RunningMosquitto> {
  installExitHook();
  const binary = await findMosquittoBinary();

  const port = await freePort();
  const wsPort = opts.websockets ? await freePort() : undefined;
  const tlsPort = opts.tls ? await freePort() : undefined;
  const wssPort = opts.tls?.websockets ? await freePort() : undefined;
  const users = opts.users ?? [];

  // Everything from here on is removed again if the first start fails (see below).
  const dir = await mkdtemp(join(tmpdir(), 'qoscope-mosquitto-'));
  tempDirs.add(dir);
  const configFile = join(dir, 'mosquitto.conf');
  const passwordFile = join(dir, 'passwd');

  const config: string[] = [
    '# Generated by test/support/mosquitto.ts',
    // Mosquitto 2 only listens where told to; bind to loopback so tests never
    // expose a broker on the machine's network interfaces.
    `listener ${port} ${HOST}`,
  ];
  if (wsPort !== undefined) {
    // `protocol` applies to the most recent `listener` line.
    config.push(`listener ${wsPort} ${HOST}`, 'protocol websockets');
  }
  if (opts.tls) {
    // Like `protocol`, the TLS options apply to the listener line just before them.
    const tls = opts.tls;
    const tlsSettings = [
      `cafile ${tls.caFile}`,
      `certfile ${tls.certFile}`,
      `keyfile ${tls.keyFile}`,
      `require_certificate ${tls.requireCertificate ? 'true' : 'false'}`,
    ];
    config.push(`listener ${tlsPort} ${HOST}`, ...tlsSettings);
    if (wssPort !== undefined) config.push(`listener ${wssPort} ${HOST}`, 'protocol websockets', ...tlsSettings);
  }
  config.push(
    ...(users.length > 0
      ? ['allow_anonymous false', `password_file ${passwordFile}`]
      : ['allow_anonymous true']),
    // Session state only needs to live as long as one broker process.
    'persistence false',
    // ...but if a test enables persistence via extraConfig, keep the db in our
    // temp dir (it survives restart(), it does not leak into the cwd).
    `persistence_location ${dir}/`,
    // 0 = no limit: tests that queue many QoS>0 messages must not see drops.
    'max_queued_messages 0',
    'log_dest stderr',
    // Not `log_type all`: keep logs small but informative for failure messages.
    'log_type error',
    'log_type warning',
    'log_type notice',
    // Wall-clock time is easier to correlate with test output than epoch seconds.
    'log_timestamp_format %H:%M:%S',
  );
  // When started as root, mosquitto 2 drops privileges to the `mosquitto` user
  // right after reading the config, and then cannot open the password file in
  // our 0700 mkdtemp dir ("Error: Unable to open pwfile"). Staying root avoids
  // chown'ing everything to a user that may not exist. This costs one harmless
  // startup line: "Warning: Mosquitto should not be run as root/administrator."
  // For non-root runs the option would be ignored anyway, so only add it as root.
  if (process.getuid?.() === 0) config.push('user root');
  config.push(...(opts.extraConfig ?? []));

  /**
   * (Re)create the temp dir's contents. Runs at start, and again on a
   * restart() after stop(), because stop() deletes the dir: vitest ends its
   * workers with SIGTERM, so a process 'exit' hook alone would leak one temp
   * dir per broker.
   */
  const writeBrokerFiles = async (): Promise<void> => {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    tempDirs.add(dir);
    if (users.length > 0) {
      // -c creates (truncates) the file for the first user, -b takes the
      // password from the command line; later users are appended without -c.
      for (const [index, user] of users.entries()) {
        const createFlag = index === 0 ? ['-c'] : [];
        await runTool('mosquitto_passwd', [...createFlag, '-b', passwordFile, user.username, user.password]);
      }
      // Newer mosquitto 2.0.x releases warn about (and future ones refuse)
      // password files readable by other users; 0700 keeps it owner-only.
      await chmod(passwordFile, 0o700);
    }
    await writeFile(configFile, config.join('\n') + '\n', 'utf8');
  };
  let filesPresent = false;

  let logText = '';
  const appendLog = (text: string): void => {
    logText += text;
    if (logText.length > MAX_LOG_CHARS) logText = logText.slice(-MAX_LOG_CHARS);
  };

  let child: ChildProcess | undefined;
  /** Resolves when the current child's stdio is closed, i.e. it exited and its logs are complete. */
  let childClosed: Promise<void> = Promise.resolve();

  const isRunning = (): boolean =>
    child !== undefined && child.exitCode === null && child.signalCode === null;

  const spawnBroker = async (): Promise<void> => {
    if (!filesPresent) {
      await writeBrokerFiles();
      filesPresent = true;
    }
    const proc = spawn(binary, ['-c', configFile], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    liveBrokers.add(proc);

    let exited = false;
    let spawnError: Error | undefined;
    proc.stdout?.on('data', (chunk: Buffer) => appendLog(chunk.toString('utf8')));
    proc.stderr?.on('data', (chunk: Buffer) => appendLog(chunk.toString('utf8')));
    childClosed = new Promise<void>((resolve) => {
      // 'error' covers a failed spawn (no 'close' may follow), 'close' a normal exit.
      proc.once('error', (err) => {
        spawnError = err;
        exited = true;
        liveBrokers.delete(proc);
        resolve();
      });
      proc.once('close', () => {
        exited = true;
        liveBrokers.delete(proc);
        resolve();
      });
    });

    // Mosquitto has no readiness signal, so poll the listener(s) until they accept.
    const ports = [port, wsPort, tlsPort, wssPort].filter((p): p is number => p !== undefined);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (const p of ports) {
      for (;;) {
        if (exited) {
          await childClosed; // make sure the last log lines are in
          const how = spawnError
            ? `failed to start: ${spawnError.message}`
            : `exited (code ${proc.exitCode}, signal ${proc.signalCode})`;
          throw new Error(`mosquitto ${how} before listening on ${HOST}:${p}.\nLogs:\n${logText}`);
        }
        if (await canConnect(p)) break;
        if (Date.now() > deadline) {
          proc.kill('SIGKILL');
          await childClosed;
          throw new Error(
            `mosquitto did not accept connections on ${HOST}:${p} within ${START_TIMEOUT_MS} ms.\nLogs:\n${logText}`,
          );
        }
        await sleep(50);
      }
    }
  };

  const terminate = async (graceful: boolean): Promise<void> => {
    const proc = child;
    if (proc === undefined || !isRunning()) {
      await childClosed;
      return;
    }
    if (graceful) {
      proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), STOP_GRACE_MS);
      });
      const escalate = await Promise.race([childClosed.then(() => false), timedOut]);
      clearTimeout(timer);
      if (!escalate) return;
      appendLog(`[harness] mosquitto ignored SIGTERM for ${STOP_GRACE_MS} ms, sending SIGKILL\n`);
    }
    proc.kill('SIGKILL');
    await childClosed;
  };

  try {
    await spawnBroker();
  } catch (err) {
    // Nobody gets a handle to stop(), so clean up here.
    await rm(dir, { recursive: true, force: true });
    tempDirs.delete(dir);
    throw err;
  }

  const running: RunningMosquitto = {
    host: HOST,
    port,
    url: `mqtt://${HOST}:${port}`,
    stop: async () => {
      await terminate(true);
      // Final cleanup; a later restart() recreates the files (only a
      // persistence db from extraConfig would be lost, kill() keeps it).
      await rm(dir, { recursive: true, force: true });
      tempDirs.delete(dir);
      filesPresent = false;
    },
    kill: () => terminate(false),
    freeze: () => {
      child?.kill('SIGSTOP');
    },
    thaw: () => {
      child?.kill('SIGCONT');
    },
    restart: async () => {
      await terminate(true);
      appendLog('[harness] --- restart ---\n');
      await spawnBroker();
    },
    logs: () => logText,
  };
  if (wsPort !== undefined) {
    running.wsPort = wsPort;
    running.wsUrl = `ws://${HOST}:${wsPort}`;
  }
  if (tlsPort !== undefined) running.tlsPort = tlsPort;
  if (wssPort !== undefined) running.wssPort = wssPort;
  return running;
}
