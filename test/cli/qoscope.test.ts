/**
 * `qoscope pub` and `qoscope sub` as a user types them: the built CLI run as a child process
 * against Debian mosquitto and the embedded broker on 127.0.0.1, checked by a real MQTT.js client.
 * Needs the build (`npm test` builds first); without it every test fails saying so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IPublishPacket } from 'mqtt';
import { encode as cborEncode } from 'cborg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../src/main/broker/embeddedBroker';
import { DEFAULT_PROFILE } from '../../src/shared/domain/profile';
import { chooseSecretStore } from '../../src/main/store/chooseSecretStore';
import { ProfileStore } from '../../src/main/store/profileStore';
import { startMosquitto, type RunningMosquitto } from '../support/mosquitto';
import { connectClient } from '../support/mqttClient';
import { freePort } from '../support/freePort';
import { hasTshark, readMqttPdus } from '../support/tshark';

const CLI = path.resolve(__dirname, '../../out/main/qoscope.js');

type Run = { code: number | null; stdout: string; stderr: string };

type Running = { done: Promise<Run>; until(pattern: RegExp): Promise<void> };

/** Starts `qoscope …`; `input` goes to its stdin; `until` waits for a line on stderr (killed after `timeoutMs`). */
function start(args: string[], options: { input?: string; timeoutMs?: number } = {}): Running {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npx electron-vite build\` first`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: { pattern: RegExp; resolve(): void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const wait of waiting.splice(0)) (wait.pattern.test(stderr) ? wait.resolve : () => waiting.push(wait))();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20_000);
  const done = new Promise<Run>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
  child.stdin.end(options.input ?? '');
  return {
    done,
    until: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(stderr)) return resolve();
        waiting.push({ pattern, resolve });
        void done.then(() => reject(new Error(`qoscope exited before printing ${pattern}:\n${stderr}`)));
      }),
  };
}

const qoscope = (args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<Run> => start(args, options).done;

/** `qoscope sub …` once its subscription is in place: --packets prints the SUBACK to stderr. */
async function subscribed(args: string[]): Promise<Running> {
  const running = start(['sub', ...args, '--packets']);
  await running.until(/^← SUBACK/m);
  return running;
}

let mosquitto: RunningMosquitto;
beforeAll(async () => {
  mosquitto = await startMosquitto();
});
afterAll(async () => mosquitto?.stop());

describe('qoscope pub (mosquitto)', () => {
  it('publishes -m with MQTT 5 properties and QoS 1, as a subscriber sees it', async () => {
    const sub = await connectClient(mosquitto.url, { protocolVersion: 5 });
    const seen: IPublishPacket[] = [];
    sub.on('message', (_t, _p, packet) => seen.push(packet));
    await sub.subscribeAsync('cli/pub/#', { qos: 1 });
    try {
      const run = await qoscope(['pub', '-p', String(mosquitto.port), '-t', 'cli/pub/a', '-q', '1', '-m', 'hello', '--user-property', 'site=lab', '--content-type', 'text/plain', '--message-expiry', '60']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      await expect.poll(() => seen.length).toBe(1);
      expect(seen[0]?.payload.toString()).toBe('hello');
      expect(seen[0]?.qos).toBe(1);
      expect(seen[0]?.properties?.userProperties).toEqual({ site: 'lab' });
      expect(seen[0]?.properties?.contentType).toBe('text/plain');
    } finally {
      await sub.endAsync(true);
    }
  });

  it('-l sends one message per stdin line, in order; --format cbor encodes JSON', async () => {
    const sub = await connectClient(mosquitto.url);
    const seen: Buffer[] = [];
    sub.on('message', (_t, payload) => seen.push(payload));
    await sub.subscribeAsync('cli/lines', { qos: 1 });
    try {
      const run = await qoscope(['pub', '-p', String(mosquitto.port), '-t', 'cli/lines', '-q', '1', '-l', '--format', 'cbor'], { input: '{"n":1}\n{"n":2}\n{"n":3}\n' });
      expect(run.code).toBe(0);
      await expect.poll(() => seen.length).toBe(3);
      expect(seen.map((b) => Buffer.from(b).toString('hex'))).toEqual([1, 2, 3].map((n) => Buffer.from(cborEncode({ n })).toString('hex')));
    } finally {
      await sub.endAsync(true);
    }
  });

  it('-l at QoS 0 keeps every line whole: CRLF files, Korean text across read chunks, a last line without a newline', async () => {
    const sub = await connectClient(mosquitto.url);
    const seen: string[] = [];
    sub.on('message', (_t, payload) => seen.push(Buffer.from(payload).toString('utf8')));
    await sub.subscribeAsync('cli/crlf', { qos: 1 });
    // ~120 KB: more than one 64 KB read from the pipe, so a character can be split between reads.
    const lines = Array.from({ length: 8000 }, (_, i) => `온도 ${i} °C`);
    try {
      const run = await qoscope(['pub', '-p', String(mosquitto.port), '-t', 'cli/crlf', '-l'], { input: `${lines.join('\r\n')}\r\nlast line` });
      expect(run.code).toBe(0);
      await expect.poll(() => seen.length).toBe(lines.length + 1);
      expect(seen).toEqual([...lines, 'last line']);
    } finally {
      await sub.endAsync(true);
    }
  });

  it('--packets prints the CONNECT, CONNACK and PUBLISH as the inspector names them', async () => {
    const run = await qoscope(['pub', '-p', String(mosquitto.port), '-t', 'cli/packets', '-m', 'x', '--packets']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^→ CONNECT/m);
    expect(run.stderr).toMatch(/^← CONNACK/m);
    expect(run.stderr).toMatch(/^→ PUBLISH QoS 0 cli\/packets/m);
  });

  it('exit 1 names the flag for bad input and sends nothing; exit 2 says why it could not connect', async () => {
    const wildcard = await qoscope(['pub', '-p', String(mosquitto.port), '-t', 'cli/#', '-m', 'x']);
    expect(wildcard.code).toBe(1);
    expect(wildcard.stderr).toContain('-t cli/#: ');
    const qos = await qoscope(['pub', '-p', String(mosquitto.port), '-t', 'a', '-m', 'x', '-q', '3']);
    expect(qos.code).toBe(1);
    expect(qos.stderr).toContain('-q 3: give a whole number from 0 to 2');
    const json = await qoscope(['pub', '-p', String(mosquitto.port), '-t', 'a', '--format', 'json', '-m', '{oops']);
    expect(json.code).toBe(1);
    expect(json.stderr).toContain('-m: not json');
    const unknown = await qoscope(['pub', '--bogus']);
    expect(unknown.code).toBe(1);
    const nobody = await freePort();
    const refused = await qoscope(['pub', '-p', String(nobody), '-t', 'a', '-m', 'x']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`Nothing is listening at 127.0.0.1:${nobody}`);
  });

  it('--help shows the flags and an example, exit 0', async () => {
    const run = await qoscope(['pub', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('-t, --topic TOPIC');
    expect(run.stdout).toContain('Examples:');
  });
});

describe('--profile: a connection saved in QoScope', () => {
  it('connects with the saved address and password (from the app’s secret store); an unknown name lists the saved ones', async () => {
    const guarded = await startMosquitto({ users: [{ username: 'plant', password: 's3cret-pw' }] });
    const dataDir = await mkdtemp(path.join(tmpdir(), 'qoscope-profiles-'));
    try {
      // Saved as the app saves: the profile in profiles.json, the password in the secret store
      // the app would choose here (the OS keychain, else the plaintext file the user opted into).
      await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ plaintextSecrets: true }));
      const secrets = await chooseSecretStore({ dataDir, allowPlaintext: true });
      const saved = { ...DEFAULT_PROFILE, name: 'Plant broker', clientId: 'qoscope-app', host: '127.0.0.1', port: guarded.port, username: 'plant', password: 's3cret-pw' };
      await new ProfileStore(dataDir, secrets).save([{ id: 'plant-1', profile: saved }]);
      expect(await readFile(path.join(dataDir, 'profiles.json'), 'utf8')).not.toContain('s3cret-pw');

      const watcher = await connectClient(guarded.url, { username: 'plant', password: 's3cret-pw' });
      const seen: string[] = [];
      watcher.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString()}`));
      await watcher.subscribeAsync('line/#', { qos: 1 });
      try {
        const run = await qoscope(['pub', '--profile', 'Plant broker', '--data-dir', dataDir, '-t', 'line/3/cmd', '-q', '1', '-m', 'stop']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        await expect.poll(() => seen).toEqual(['line/3/cmd stop']);
      } finally {
        await watcher.endAsync();
      }
      const unknown = await qoscope(['pub', '--profile', 'Nope', '--data-dir', dataDir, '-t', 'a', '-m', 'x']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain(`--profile Nope: no saved connection of that name in ${dataDir}; saved: Plant broker`);
      // Without the saved password the broker refuses: the password really came from the store.
      const flagsOnly = await qoscope(['pub', '-p', String(guarded.port), '-u', 'plant', '-t', 'a', '-m', 'x']);
      expect(flagsOnly.code).toBe(2);
    } finally {
      await guarded.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('qoscope sub', () => {
  it('mosquitto: -v -C 2 prints topic and payload per line and exits 0; --output jsonl decodes CBOR', async () => {
    const pub = await connectClient(mosquitto.url);
    try {
      const run = await subscribed(['-p', String(mosquitto.port), '-t', 'cli/sub/#', '-v', '-C', '2', '-q', '1']);
      await pub.publishAsync('cli/sub/a', 'one', { qos: 1 });
      await pub.publishAsync('cli/sub/b', 'two', { qos: 1 });
      const done = await run.done;
      expect(done.code).toBe(0);
      expect(done.stdout).toBe('cli/sub/a one\ncli/sub/b two\n');

      const jsonl = await subscribed(['-p', String(mosquitto.port), '-t', 'cli/cbor', '--format', 'cbor', '--output', 'jsonl', '-C', '1']);
      await pub.publishAsync('cli/cbor', Buffer.from(cborEncode({ temp: 21.5 })), { qos: 1 });
      const line = JSON.parse((await jsonl.done).stdout) as { topic: string; payload: unknown; format: string; qos: number };
      expect(line).toMatchObject({ topic: 'cli/cbor', payload: { temp: 21.5 }, format: 'cbor', qos: 0 });
    } finally {
      await pub.endAsync(true);
    }
  });

  it('mosquitto: -C 5 -W 1 with nothing arriving exits 3 and says how many came', async () => {
    const run = await qoscope(['sub', '-p', String(mosquitto.port), '-t', 'cli/quiet', '-C', '5', '-W', '1']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('timed out after 1 s with 0 of 5 messages');
  });

  it('the embedded broker: a message published with qoscope pub is printed by qoscope sub', async () => {
    const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0 });
    const status = await broker.start();
    if (status.state !== 'running') throw new Error('embedded broker did not start');
    try {
      const run = await subscribed(['-p', String(status.mqttPort), '-t', 'cli/embedded', '-C', '1']);
      const pub = await qoscope(['pub', '-p', String(status.mqttPort), '-t', 'cli/embedded', '-q', '2', '-m', 'through the embedded broker']);
      expect(pub.code).toBe(0);
      const sub = await run.done;
      expect(sub.code).toBe(0);
      expect(sub.stdout).toBe('through the embedded broker\n');
    } finally {
      await broker.stop();
    }
  });
});

describe('qoscope record and replay (mosquitto)', () => {
  it('records JSON Lines, then replays them: same topics, bytes, QoS, retain and properties, in order', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-cli-'));
    const file = path.join(dir, 'run.jsonl');
    const pub = await connectClient(mosquitto.url, { protocolVersion: 5 });
    try {
      // Retained, so they reach the recorder whenever its SUBSCRIBE lands.
      await pub.publishAsync('cli/rec/a', 'first', { qos: 1, retain: true, properties: { userProperties: { unit: 'C' } } });
      await pub.publishAsync('cli/rec/b', Buffer.from([0, 1, 2, 255]), { qos: 1, retain: true });
      await pub.publishAsync('cli/rec/c', 'third', { qos: 1, retain: true });
      const recorded = await qoscope(['record', '-p', String(mosquitto.port), '-t', 'cli/rec/#', '-q', '1', '-o', file, '-C', '3']);
      expect(recorded.code).toBe(0);
      expect(recorded.stderr).toContain(`recorded 3 messages to ${file}`);

      const watcher = await connectClient(mosquitto.url, { protocolVersion: 5 });
      const seen: IPublishPacket[] = [];
      watcher.on('message', (_t, _p, packet) => seen.push(packet));
      await watcher.subscribeAsync('cli/rec/#', { qos: 1, rh: 2 });
      try {
        const replay = await qoscope(['replay', file, '-p', String(mosquitto.port), '--speed', '0']);
        expect(replay.code).toBe(0);
        expect(replay.stderr).toContain('replayed 3 messages');
        await expect.poll(() => seen.length).toBe(3);
        const byTopic = new Map(seen.map((p) => [p.topic, p]));
        expect(byTopic.get('cli/rec/a')?.payload.toString()).toBe('first');
        expect(byTopic.get('cli/rec/a')?.properties?.userProperties).toEqual({ unit: 'C' });
        expect([...(byTopic.get('cli/rec/b')?.payload ?? [])]).toEqual([0, 1, 2, 255]);
      } finally {
        await watcher.endAsync(true);
      }
    } finally {
      for (const topic of ['cli/rec/a', 'cli/rec/b', 'cli/rec/c']) await pub.publishAsync(topic, '', { qos: 1, retain: true });
      await pub.endAsync(true);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('records packets as pcapng that tshark reads as MQTT', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-cli-'));
    const file = path.join(dir, 'run.pcapng');
    const pub = await connectClient(mosquitto.url);
    try {
      await pub.publishAsync('cli/pcap', 'kept', { qos: 1, retain: true });
      const recorded = await qoscope(['record', '-p', String(mosquitto.port), '-t', 'cli/pcap', '-o', file, '-C', '1']);
      expect(recorded.code).toBe(0);
      const tshark = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'mqtt.msgtype'], { encoding: 'utf8' });
      // 1 CONNECT, 2 CONNACK, 8 SUBSCRIBE, 9 SUBACK, 3 PUBLISH.
      expect(tshark.stdout.split('\n').filter(Boolean).slice(0, 5)).toEqual(['1', '2', '8', '9', '3']);
    } finally {
      await pub.publishAsync('cli/pcap', '', { qos: 1, retain: true });
      await pub.endAsync(true);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('replay names the bad line and sends nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-cli-'));
    const file = path.join(dir, 'bad.jsonl');
    await writeFile(file, '{"time":"2026-12-05T00:00:00.000Z","topic":"a","qos":0,"retain":false,"payload":"x"}\n{"time":"2026-12-05T00:00:01.000Z","topic":"a/#","qos":0,"retain":false,"payload":"y"}\n');
    try {
      const run = await qoscope(['replay', file, '-p', String(mosquitto.port)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('bad.jsonl line 2: topic: ');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('qoscope check', () => {
  it('mosquitto 2.0: every probe passes, shared subscriptions included; exit 0', async () => {
    const run = await qoscope(['check', `mqtt://127.0.0.1:${mosquitto.port}`], { timeoutMs: 60_000 });
    expect(run.stdout).toMatch(/^pass {2}Shared subscriptions +10 messages split \d+ \/ \d+ between two members$/m);
    expect(run.stdout).toMatch(/^pass {2}Session resumed with queued QoS 1\/2 +session present, 3 queued messages delivered in order$/m);
    expect(run.stdout).toMatch(/^pass {2}QoS 2 delivered exactly once/m);
    expect(run.stderr).toContain('18 checks: 18 pass, 0 fail, 0 not supported');
    expect(run.code).toBe(0);
  });

  it.skipIf(!hasTshark)('--pcapng: each row names its packets, and tshark finds the QoS 2 handshake at those frames', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-check-'));
    try {
      const file = path.join(dir, 'check.pcapng');
      const run = await qoscope(['check', `mqtt://127.0.0.1:${mosquitto.port}`, '--pcapng', file], { timeoutMs: 60_000 });
      expect(run.code).toBe(0);
      const row = /^pass {2}QoS 2 delivered exactly once.*\(packets (\d+)-(\d+)\)$/m.exec(run.stdout);
      expect(row, run.stdout).not.toBeNull();
      const [first, last] = [Number(row?.[1]), Number(row?.[2])];
      const types = readMqttPdus(file)
        .filter((pdu) => pdu.frame >= first && pdu.frame <= last)
        .map((pdu) => pdu.fields.find((field) => field.name === 'mqtt.msgtype')?.value);
      // CONNECT/CONNACK of both probes, SUBSCRIBE/SUBACK, then PUBLISH QoS 2 and its three acks on each leg.
      for (const type of ['1', '2', '8', '9', '3', '5', '6', '7']) expect(types, `message type ${type} in frames ${first}-${last}`).toContain(type);
      expect(run.stderr).toMatch(/^\d+ packets written to .*check\.pcapng$/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the embedded broker: the table shows what it really does; the exit code follows the rows', async () => {
    const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0 });
    const status = await broker.start();
    if (status.state !== 'running') throw new Error('embedded broker did not start');
    try {
      const run = await qoscope(['check', `mqtt://127.0.0.1:${status.mqttPort}`, '--json'], { timeoutMs: 60_000 });
      const parsed = JSON.parse(run.stdout) as { name: string; result: string; detail: string }[];
      const rows = new Map(parsed.map((row) => [row.name, row]));
      // Aedes 2.0.0-beta.1 with patches/aedes+2.0.0-beta.1.patch: Receive Maximum and Maximum
      // Packet Size honoured, shared subscriptions offered; topic aliases not (said in CONNACK).
      expect(rows.get('Receive Maximum honoured (MQTT 5)')).toMatchObject({ result: 'pass', detail: '2 in flight with Receive Maximum 2 before any PUBACK' });
      expect(rows.get('Maximum Packet Size honoured (MQTT 5)')?.result).toBe('pass');
      expect(rows.get('Shared subscriptions')).toMatchObject({ result: 'pass', detail: expect.stringMatching(/^10 messages split [1-9] \/ [1-9] between two members$/) });
      expect(rows.get('Topic alias (MQTT 5)')?.result).toBe('not supported');
      expect(rows.get('Retained messages')?.result).toBe('pass');
      expect(rows.get('Will delivered on a lost connection')?.result).toBe('pass');
      const failed = parsed.filter((row) => row.result === 'fail').length;
      expect(run.stderr).toContain(`18 checks: ${parsed.filter((row) => row.result === 'pass').length} pass, ${failed} fail, 1 not supported`);
      expect(run.code).toBe(failed > 0 ? 3 : 0);
    } finally {
      await broker.stop();
    }
  });

});

describe('qoscope bench (mosquitto)', () => {
  type Result = { mode: string; clients: number; expected: number; received: number; lost: number; duplicated: number; msgs_per_s: number; latency_ms: { p50: number; p99: number; max: number } };

  it('pub: every message of every publisher arrives once, with rate and latency percentiles', async () => {
    const run = await qoscope(['bench', 'pub', '-p', String(mosquitto.port), '-c', '3', '-n', '500', '-q', '1', '--json'], { timeoutMs: 60_000 });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Result;
    expect(result).toMatchObject({ mode: 'pub', clients: 3, expected: 1500, received: 1500, lost: 0, duplicated: 0 });
    expect(result.msgs_per_s).toBeGreaterThan(0);
    expect(result.latency_ms.p50).toBeLessThanOrEqual(result.latency_ms.p99);
    expect(result.latency_ms.p99).toBeLessThanOrEqual(result.latency_ms.max);
  });

  it('sub: each subscriber gets every message; conn: every client connects; a bad mode is a usage error', async () => {
    const sub = JSON.parse((await qoscope(['bench', 'sub', '-p', String(mosquitto.port), '-c', '4', '-n', '300', '-q', '2', '--json'], { timeoutMs: 60_000 })).stdout) as Result;
    expect(sub).toMatchObject({ mode: 'sub', expected: 1200, received: 1200, lost: 0, duplicated: 0 });
    const conn = await qoscope(['bench', 'conn', '-p', String(mosquitto.port), '-c', '20']);
    expect(conn.code).toBe(0);
    expect(conn.stdout).toMatch(/^bench conn, 20 clients: 20 of 20 connected in [\d.]+ s; [\d,]+ connections\/s; connect p50 [\d.]+ ms/);
    const bad = await qoscope(['bench', 'flood']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('say what to measure: qoscope bench pub, bench sub or bench conn');
  });
});
