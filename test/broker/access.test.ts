/**
 * Broker access: passwords, topic rules, the Aedes hooks, and the export to mosquitto, each
 * checked the way a user would notice it: real MQTT.js clients against a real Aedes broker and a
 * real Debian mosquitto started from the exported files.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Aedes } from 'aedes';
import mqtt, { type IClientOptions, type MqttClient, type Packet } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessHooks, type AccessRefusal } from '../../src/main/broker/access/aedesAccessHooks';
import { exportForMosquitto } from '../../src/main/broker/access/mosquittoExport';
import { hashPassword, verifyPassword } from '../../src/main/broker/access/passwordHash';
import { mayPublish, maySubscribe } from '../../src/main/broker/access/topicAcl';
import type { AclRule, BrokerAccess } from '../../src/shared/domain/brokerAccess';
import { freePort } from '../support/freePort';

const HOST = '127.0.0.1';
const PASSWORDS = { alice: 'alice: correct horse', bob: 'bob: battery staple' } as const;

function access(overrides: Partial<BrokerAccess> = {}): BrokerAccess {
  return { anonymous: false, restrictTopics: true, users: [], patterns: [], allowedOrigins: [], ...overrides };
}

function user(username: string, rules: AclRule[]): BrokerAccess['users'][number] {
  // Hashes are irrelevant to topic checks.
  return { username, scryptHash: '', mosquittoHash: '', rules };
}

/**
 * A small plant: alice owns her devices' topics and reads her commands; bob, the dashboard, reads
 * every device and sends commands; every client may use its own clients/<client id>/ space.
 */
async function plantSetup(): Promise<BrokerAccess> {
  const [alice, bob] = await Promise.all([hashPassword(PASSWORDS.alice), hashPassword(PASSWORDS.bob)]);
  return access({
    users: [
      { username: 'alice', ...alice, rules: [{ access: 'readwrite', pattern: 'devices/%u/#' }, { access: 'read', pattern: 'commands/%u/#' }] },
      { username: 'bob', ...bob, rules: [{ access: 'read', pattern: 'devices/#' }, { access: 'write', pattern: 'commands/#' }] },
    ],
    patterns: [{ access: 'readwrite', pattern: 'clients/%c/#' }],
  });
}

// ---------------------------------------------------------------------------------------------
// MQTT.js helpers that report what came over the wire (CONNACK codes, SUBACK and PUBACK reason
// codes) instead of MQTT.js' interpretation of it.
// ---------------------------------------------------------------------------------------------

type ConnectOutcome = { client: MqttClient } | { refused: number };

const openClients = new Set<MqttClient>();

/** Connect and resolve with the client, or with the CONNACK code that refused it. */
function connect(url: string, options: IClientOptions): Promise<ConnectOutcome> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
    openClients.add(client);
    let connack: number | undefined;
    client.on('packetreceive', (packet: Packet) => {
      if (packet.cmd === 'connack') connack = options.protocolVersion === 5 ? packet.reasonCode : packet.returnCode;
    });
    const settle = (outcome: ConnectOutcome | Error): void => {
      client.off('connect', onConnect);
      client.off('close', onClose);
      if (outcome instanceof Error || 'refused' in outcome) {
        client.end(true);
        openClients.delete(client);
      }
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onConnect = (): void => settle({ client });
    const onClose = (): void => settle(connack !== undefined && connack !== 0 ? { refused: connack } : new Error(`closed before a CONNACK from ${url}`));
    // A refusal arrives as an 'error' and then a 'close'; the CONNACK code is what matters.
    client.on('error', () => undefined);
    client.on('connect', onConnect);
    client.on('close', onClose);
  });
}

async function connected(url: string, options: IClientOptions): Promise<MqttClient> {
  const outcome = await connect(url, options);
  if ('refused' in outcome) throw new Error(`${String(options.username)} was refused with CONNACK ${outcome.refused}`);
  return outcome.client;
}

/** SUBSCRIBE and resolve with the SUBACK's codes, one per filter, as sent. */
function subscribe(client: MqttClient, filters: string[]): Promise<number[]> {
  return new Promise((resolve) => {
    // A refused filter makes MQTT.js report an error, but the SUBACK packet has every code.
    client.subscribe(filters, { qos: 1 }, (_error, _granted, packet) => resolve([...(packet?.granted ?? [])].map(Number)));
  });
}

type PublishOutcome = { acknowledged: number } | { closed: true };

/** PUBLISH at QoS 1 and resolve with the PUBACK's reason code, or with the connection closing instead. */
function publish(client: MqttClient, topic: string, payload: string): Promise<PublishOutcome> {
  return new Promise((resolve) => {
    const onClose = (): void => resolve({ closed: true });
    client.once('close', onClose);
    client.publish(topic, payload, { qos: 1 }, (error) => {
      // MQTT.js reports a PUBACK with a failure reason code as an error carrying that code, and a
      // connection that closed before any PUBACK as an error without one ('close' answers that).
      const code = error === undefined || error === null ? 0 : (error as Error & { code?: unknown }).code;
      if (typeof code !== 'number') return;
      client.off('close', onClose);
      resolve({ acknowledged: code });
    });
  });
}

/** Every message the client receives from now on, in order. */
function collect(client: MqttClient): { topic: string; payload: string }[] {
  const received: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => received.push({ topic, payload: payload.toString('utf8') }));
  return received;
}

function messageOn(client: MqttClient, topic: string): Promise<string> {
  return new Promise((resolve) => {
    const onMessage = (received: string, payload: Buffer): void => {
      if (received !== topic) return;
      client.off('message', onMessage);
      resolve(payload.toString('utf8'));
    };
    client.on('message', onMessage);
  });
}

async function endAll(): Promise<void> {
  await Promise.all([...openClients].map((client) => client.endAsync(true).catch(() => undefined)));
  openClients.clear();
}

// ---------------------------------------------------------------------------------------------
// Brokers
// ---------------------------------------------------------------------------------------------

async function canConnect(port: number): Promise<boolean> {
  const socket = net.connect({ host: HOST, port });
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

type RunningMosquitto = { url: string; logs: () => string; stop: () => Promise<void> };

/** Debian's mosquitto, started from the exported files in a directory of their own, as a user would. */
async function startExportedMosquitto(setup: BrokerAccess): Promise<RunningMosquitto> {
  const mqttPort = await freePort();
  const files = exportForMosquitto(setup, { mqttPort, host: HOST });
  const dir = await mkdtemp(path.join(tmpdir(), 'qoscope-access-'));
  const extra = [
    'log_dest stderr',
    // As root, mosquitto 2 would switch to the `mosquitto` user and then fail to open files in
    // our 0700 temp dir (see test/support/mosquitto.ts).
    ...(process.getuid?.() === 0 ? ['user root'] : []),
  ];
  await writeFile(path.join(dir, 'mosquitto.conf'), `${files['mosquitto.conf']}${extra.join('\n')}\n`);
  await writeFile(path.join(dir, 'passwd'), files.passwd);
  await writeFile(path.join(dir, 'acl'), files.acl);
  await chmod(path.join(dir, 'passwd'), 0o600);
  await chmod(path.join(dir, 'acl'), 0o600);

  // Started from the directory the files are in, which is what the exported conf tells the user to do.
  const child: ChildProcess = spawn('/usr/sbin/mosquitto', ['-c', 'mosquitto.conf'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let logs = '';
  child.stdout?.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString('utf8')));
  const exited = once(child, 'exit');
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  // Best effort for a test run that ends without afterAll: no mosquitto left holding a port.
  const killOnExit = (): void => void (running() && child.kill('SIGKILL'));
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (running()) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  // mosquitto has no readiness signal: wait until the listener accepts, or mosquitto gives up.
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(mqttPort))) {
    if (!running() || Date.now() > deadline) {
      await stop();
      throw new Error(`mosquitto did not start listening on ${HOST}:${mqttPort}:\n${logs}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `mqtt://${HOST}:${mqttPort}`, logs: () => logs, stop };
}

type RunningAedes = { url: string; refusals: AccessRefusal[]; stop: () => Promise<void> };

/** A bare Aedes with the hooks, on a free port; `current()` is read at every check. */
async function startAedes(current: () => BrokerAccess): Promise<RunningAedes> {
  const refusals: AccessRefusal[] = [];
  const aedes = await Aedes.createBroker({ ...accessHooks(current, (refusal) => refusals.push(refusal)) });
  const server = net.createServer((socket) => aedes.handle(socket));
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  return {
    url: `mqtt://${HOST}:${port}`,
    refusals,
    stop: async () => {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Passwords
// ---------------------------------------------------------------------------------------------

describe('passwords', () => {
  it('the scrypt hash verifies the right password only', async () => {
    const { scryptHash } = await hashPassword('s3cret ✓');
    expect(scryptHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(await verifyPassword(scryptHash, 's3cret ✓')).toBe(true);
    expect(await verifyPassword(scryptHash, 's3cret')).toBe(false);
    expect(await verifyPassword(scryptHash, '')).toBe(false);
  });

  it('the same password hashes differently each time (random salts)', async () => {
    const [first, second] = await Promise.all([hashPassword('same'), hashPassword('same')]);
    expect(first.scryptHash).not.toBe(second.scryptHash);
    expect(first.mosquittoHash).not.toBe(second.mosquittoHash);
  });

  it('a damaged or foreign hash is a refusal, never an exception', async () => {
    const { scryptHash, mosquittoHash } = await hashPassword('pw');
    const [, N, r, p, salt, key] = scryptHash.split('$');
    const malformed = [
      '',
      'scrypt',
      mosquittoHash, // mosquitto's form is for the export, not for checking
      `bcrypt$${N}$${r}$${p}$${salt}$${key}`,
      `scrypt$${N}$${r}$${p}$${salt}`,
      `scrypt$${N}$${r}$${p}$${salt}$${key}$extra`,
      `scrypt$12345$${r}$${p}$${salt}$${key}`, // N not a power of two
      `scrypt$1073741824$${r}$${p}$${salt}$${key}`, // absurd cost
      `scrypt$-16384$${r}$${p}$${salt}$${key}`,
      `scrypt$${N}$0$${p}$${salt}$${key}`,
      `scrypt$${N}$${r}$${p}$not*base64$${key}`,
      `scrypt$${N}$${r}$${p}$${salt}$AAAA`, // key too short to mean anything
    ];
    for (const hash of malformed) expect(await verifyPassword(hash, 'pw'), hash).toBe(false);
  });

  it("the mosquitto hash has mosquitto_passwd's exact shape", async () => {
    const { mosquittoHash } = await hashPassword('pw');
    // As written by `mosquitto_passwd -b -c file user pass` (2.0): 12-byte salt, 64-byte key.
    expect(mosquittoHash).toMatch(/^\$7\$101\$[A-Za-z0-9+/]{16}\$[A-Za-z0-9+/]{86}==$/);
  });
});

// ---------------------------------------------------------------------------------------------
// Topic rules
// ---------------------------------------------------------------------------------------------

describe('topic rules', () => {
  const alice = { username: 'alice', clientId: 'alice-laptop' };

  it('everything is allowed while topics are not restricted', () => {
    const open = access({ restrictTopics: false });
    expect(mayPublish(open, alice, 'any/topic')).toBe(true);
    expect(maySubscribe(open, alice, '#')).toBe(true);
  });

  it("a user's rules apply to that user only, patterns to everyone", () => {
    const setup = access({
      users: [user('alice', [{ access: 'readwrite', pattern: 'home/alice/#' }])],
      patterns: [{ access: 'read', pattern: 'public/#' }],
    });
    expect(mayPublish(setup, alice, 'home/alice/lamp')).toBe(true);
    expect(mayPublish(setup, { username: 'bob', clientId: 'b' }, 'home/alice/lamp')).toBe(false);
    expect(maySubscribe(setup, { clientId: 'anonymous' }, 'public/news')).toBe(true);
    expect(mayPublish(setup, alice, 'public/news')).toBe(false);
  });

  it('read grants subscribing, write grants publishing, readwrite both', () => {
    const setup = access({
      users: [user('alice', [
        { access: 'read', pattern: 'r/#' },
        { access: 'write', pattern: 'w/#' },
        { access: 'readwrite', pattern: 'rw/#' },
      ])],
    });
    expect([mayPublish(setup, alice, 'r/x'), maySubscribe(setup, alice, 'r/x')]).toEqual([false, true]);
    expect([mayPublish(setup, alice, 'w/x'), maySubscribe(setup, alice, 'w/x')]).toEqual([true, false]);
    expect([mayPublish(setup, alice, 'rw/x'), maySubscribe(setup, alice, 'rw/x')]).toEqual([true, true]);
  });

  it('%u is the username and %c the client id; %u never applies without a username', () => {
    const setup = access({
      patterns: [
        { access: 'readwrite', pattern: 'users/%u/#' },
        { access: 'readwrite', pattern: 'clients/%c/#' },
        { access: 'write', pattern: 'mixed/%u-%c' },
      ],
    });
    expect(mayPublish(setup, alice, 'users/alice/x')).toBe(true);
    expect(mayPublish(setup, alice, 'users/bob/x')).toBe(false);
    expect(mayPublish(setup, alice, 'clients/alice-laptop/x')).toBe(true);
    expect(mayPublish(setup, alice, 'clients/other/x')).toBe(false);
    expect(mayPublish(setup, alice, 'mixed/alice-alice-laptop')).toBe(true);
    const anonymous = { clientId: 'sensor-7' };
    expect(mayPublish(setup, anonymous, 'clients/sensor-7/x')).toBe(true);
    // Not "users//x" or "users/%u/x": a %u rule does not exist for a client without a username.
    expect(mayPublish(setup, anonymous, 'users//x')).toBe(false);
    expect(mayPublish(setup, anonymous, 'users/%u/x')).toBe(false);
    expect(maySubscribe(setup, anonymous, 'users/+/x')).toBe(false);
  });

  it("%u also works in a user's own rules", () => {
    const setup = access({ users: [user('alice', [{ access: 'readwrite', pattern: 'devices/%u/#' }])] });
    expect(mayPublish(setup, alice, 'devices/alice/temp')).toBe(true);
    expect(mayPublish(setup, alice, 'devices/bob/temp')).toBe(false);
  });

  it('a username or client id with +, # or / does not widen a rule: the rule does not apply', () => {
    const setup = access({
      patterns: [
        { access: 'readwrite', pattern: 'clients/%c/#' },
        { access: 'readwrite', pattern: 'users/%u' },
        { access: 'read', pattern: 'public/#' },
      ],
    });
    // A client id "#" would otherwise turn clients/%c/# into clients/#/#... and "+" into clients/+/#.
    expect(mayPublish(setup, { clientId: '#' }, 'clients/alice/x')).toBe(false);
    expect(maySubscribe(setup, { clientId: '+' }, 'clients/+/x')).toBe(false);
    expect(mayPublish(setup, { clientId: '+' }, 'clients/+/x')).toBe(false);
    // "bob/x" would reach into clients/bob/x/…, bob's space.
    expect(mayPublish(setup, { clientId: 'bob/x' }, 'clients/bob/x/status')).toBe(false);
    expect(mayPublish(setup, { username: 'a/b', clientId: 'c' }, 'users/a/b')).toBe(false);
    expect(maySubscribe(setup, { username: '+', clientId: 'c' }, 'users/+')).toBe(false);
    // Rules without placeholders still apply to such a client.
    expect(maySubscribe(setup, { clientId: '#' }, 'public/news')).toBe(true);
    // And a %-sequence in the value is not expanded again.
    expect(mayPublish(setup, { username: '%c', clientId: 'c1' }, 'users/%c')).toBe(true);
    expect(mayPublish(setup, { username: '%c', clientId: 'c1' }, 'users/c1')).toBe(false);
  });

  it('a filter may be subscribed only when the rule covers every topic it can match', () => {
    const setup = access({ users: [user('alice', [{ access: 'read', pattern: 'sensors/#' }, { access: 'read', pattern: 'rooms/+/temp' }])] });
    const allowed = ['sensors/#', 'sensors/+/temp', 'sensors/kitchen/temp', 'sensors', 'sensors/+', 'sensors/a/b/#', 'rooms/+/temp', 'rooms/kitchen/temp'];
    const refused = ['#', '+/temp', '+/#', 'sensorsX/#', 'rooms/#', 'rooms/+/#', 'rooms/kitchen/#', 'rooms/+', 'rooms/+/temp/x', 'rooms/+/+'];
    for (const filter of allowed) expect(maySubscribe(setup, alice, filter), filter).toBe(true);
    for (const filter of refused) expect(maySubscribe(setup, alice, filter), filter).toBe(false);
  });

  it('a shared subscription is checked by its filter, not by its group name', () => {
    const setup = access({ users: [user('alice', [{ access: 'read', pattern: 'jobs/#' }])] });
    expect(maySubscribe(setup, alice, '$share/workers/jobs/+')).toBe(true);
    expect(maySubscribe(setup, alice, '$share/workers/other/#')).toBe(false);
  });

  it('$ topics are not matched by a leading wildcard, only by a rule that names them', () => {
    const everything = access({ patterns: [{ access: 'readwrite', pattern: '#' }, { access: 'readwrite', pattern: '+/status' }] });
    expect(mayPublish(everything, alice, 'a/b')).toBe(true);
    expect(mayPublish(everything, alice, '$SYS/broker/load')).toBe(false);
    expect(mayPublish(everything, alice, '$app/status')).toBe(false);
    expect(maySubscribe(everything, alice, '#')).toBe(true);
    expect(maySubscribe(everything, alice, '+/status')).toBe(true);
    expect(maySubscribe(everything, alice, '$SYS/#')).toBe(false);
    expect(maySubscribe(everything, alice, '$app/status')).toBe(false);

    const sys = access({ patterns: [{ access: 'read', pattern: '$SYS/#' }] });
    expect(maySubscribe(sys, alice, '$SYS/broker/+')).toBe(true);
    expect(maySubscribe(sys, alice, '$SYS/#')).toBe(true);
    expect(maySubscribe(sys, alice, '#')).toBe(false);
    expect(maySubscribe(sys, alice, '+/broker')).toBe(false);
  });

  it('with topics restricted and no rules, nothing is allowed', () => {
    const none = access();
    expect(mayPublish(none, alice, 'a')).toBe(false);
    expect(maySubscribe(none, alice, 'a')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The export
// ---------------------------------------------------------------------------------------------

describe('the export to mosquitto', () => {
  it('writes listeners, anonymous access, the password file and the ACL the way mosquitto reads them', async () => {
    const setup = await plantSetup();
    const files = exportForMosquitto({ ...setup, allowedOrigins: ['http://localhost:3000'] }, { mqttPort: 1883, wsPort: 8083, host: '0.0.0.0' });
    const conf = files['mosquitto.conf'].split('\n');
    expect(conf).toEqual(expect.arrayContaining(['listener 1883 0.0.0.0', 'listener 8083 0.0.0.0', 'protocol websockets', 'allow_anonymous false', 'password_file passwd', 'acl_file acl']));
    expect(conf.indexOf('protocol websockets')).toBe(conf.indexOf('listener 8083 0.0.0.0') + 1);
    expect(files['mosquitto.conf']).toMatch(/^#.*beside this file/m);
    expect(files['mosquitto.conf']).toMatch(/^#.*Origin/m);
    expect(files.passwd).toBe(`alice:${setup.users[0]?.mosquittoHash}\nbob:${setup.users[1]?.mosquittoHash}\n`);
    const acl = files.acl.split('\n').filter((line) => line && !line.startsWith('#'));
    // mosquitto fills in %u only in pattern lines, so a user's %u is written out.
    expect(acl).toEqual([
      'pattern readwrite clients/%c/#',
      'user alice',
      'topic readwrite devices/alice/#',
      'topic read commands/alice/#',
      'user bob',
      'topic read devices/#',
      'topic write commands/#',
    ]);
  });

  it('without restricted topics there is no acl_file; what mosquitto cannot say is left out with a reason', () => {
    const files = exportForMosquitto(
      access({
        anonymous: true,
        restrictTopics: false,
        users: [
          { ...user('carol', [{ access: 'read', pattern: 'phones/%c' }, { access: 'read', pattern: 'line\nbreak' }]), mosquittoHash: '$7$101$AAAAAAAAAAAAAAAA$' + 'A'.repeat(86) + '==' },
          user('dave', []), // no mosquitto hash
        ],
      }),
      { mqttPort: 1883, host: '127.0.0.1' },
    );
    expect(files['mosquitto.conf']).toContain('allow_anonymous true');
    expect(files['mosquitto.conf']).not.toMatch(/^acl_file/m);
    expect(files['mosquitto.conf']).not.toContain('websockets');
    expect(files.passwd).toBe(`carol:$7$101$AAAAAAAAAAAAAAAA$${'A'.repeat(86)}==\n`);
    expect(files.acl.split('\n').filter((line) => line && !line.startsWith('#'))).toEqual(['user carol']);
    expect(files.acl).toContain('# left out, mosquitto has no %c in a user\'s rules: topic read "phones/%c"');
    expect(files.acl).toContain('# left out, it contains a line break: topic read "line\\nbreak"');
    expect(files.acl).toMatch(/^# user "dave" left out: .*password/m);
  });
});

// ---------------------------------------------------------------------------------------------
// Real brokers
// ---------------------------------------------------------------------------------------------

/** CONNACK codes: MQTT 3.1.1 return codes, MQTT 5 reason codes. */
const CODES = {
  4: { badCredentials: 4, notAuthorized: 5, subscriptionRefused: 0x80 },
  5: { badCredentials: 0x86, notAuthorized: 0x87, subscriptionRefused: 0x87 },
} as const;

describe.each([4, 5] as const)('Debian mosquitto started from the export (MQTT %s)', (protocolVersion) => {
  let mosquitto: RunningMosquitto;
  const codes = CODES[protocolVersion];

  beforeAll(async () => {
    mosquitto = await startExportedMosquitto(await plantSetup());
  });
  afterAll(async () => {
    await endAll();
    await mosquitto?.stop();
  });

  it('accepts alice with her password: the mosquitto hash is one mosquitto accepts', async () => {
    const outcome = await connect(mosquitto.url, { protocolVersion, clientId: `alice-${protocolVersion}`, username: 'alice', password: PASSWORDS.alice });
    expect('client' in outcome, mosquitto.logs()).toBe(true);
  });

  it('refuses a wrong password, an unknown user and anonymous clients', async () => {
    // mosquitto (2.0.11 here, and its handle_connect since 1.x) answers a failed password check
    // with "not authorized" (5 / 0x87), not "bad user name or password" (4 / 0x86) as Aedes does.
    expect(await connect(mosquitto.url, { protocolVersion, username: 'alice', password: PASSWORDS.bob })).toEqual({ refused: codes.notAuthorized });
    expect(await connect(mosquitto.url, { protocolVersion, username: 'mallory', password: 'guess' })).toEqual({ refused: codes.notAuthorized });
    expect(await connect(mosquitto.url, { protocolVersion, clientId: `anon-${protocolVersion}` })).toEqual({ refused: codes.notAuthorized });
  });

  it("delivers alice's publish inside her rules and drops the one outside them, though bob may read both", async () => {
    const bob = await connected(mosquitto.url, { protocolVersion, clientId: `bob-${protocolVersion}`, username: 'bob', password: PASSWORDS.bob });
    expect(await subscribe(bob, ['devices/#'])).toEqual([1]);
    const received = collect(bob);
    const alice = await connected(mosquitto.url, { protocolVersion, clientId: `alice-pub-${protocolVersion}`, username: 'alice', password: PASSWORDS.alice });

    const allowed = messageOn(bob, 'devices/alice/temp');
    const refused = await publish(alice, 'devices/bob/temp', 'forged');
    // mosquitto acknowledges and drops for MQTT 3.1.1; MQTT 5 hears "Not authorized".
    expect(refused).toEqual({ acknowledged: protocolVersion === 5 ? 0x87 : 0 });
    expect(await publish(alice, 'devices/alice/temp', '21.5')).toEqual({ acknowledged: 0 });
    expect(await allowed).toBe('21.5');
    // Same connection, in order: had the first one been delivered, it would have arrived first.
    expect(received).toEqual([{ topic: 'devices/alice/temp', payload: '21.5' }]);
  });
});

describe.each([4, 5] as const)('Aedes with the access hooks (MQTT %s)', (protocolVersion) => {
  let broker: RunningAedes;
  let setup: BrokerAccess;
  const codes = CODES[protocolVersion];

  beforeAll(async () => {
    setup = await plantSetup();
    broker = await startAedes(() => setup);
  });
  afterAll(async () => {
    await endAll();
    await broker?.stop();
  });

  const reasons = (what: AccessRefusal['what']): string[] => broker.refusals.filter((refusal) => refusal.what === what).map((refusal) => refusal.reason);

  it('accepts alice with her password', async () => {
    const outcome = await connect(broker.url, { protocolVersion, clientId: `alice-${protocolVersion}`, username: 'alice', password: PASSWORDS.alice });
    expect('client' in outcome).toBe(true);
  });

  it('refuses a wrong password, an unknown user and anonymous clients, with the right CONNACK codes', async () => {
    expect(await connect(broker.url, { protocolVersion, username: 'alice', password: PASSWORDS.bob })).toEqual({ refused: codes.badCredentials });
    expect(await connect(broker.url, { protocolVersion, username: 'mallory', password: 'guess' })).toEqual({ refused: codes.badCredentials });
    expect(await connect(broker.url, { protocolVersion, username: 'alice' })).toEqual({ refused: codes.badCredentials });
    expect(await connect(broker.url, { protocolVersion, clientId: `anon-${protocolVersion}` })).toEqual({ refused: codes.notAuthorized });
    expect(reasons('connect')).toEqual([
      'wrong password for alice',
      'unknown user mallory',
      'no password given for alice',
      `anonymous client "anon-${protocolVersion}" may not connect: anonymous access is off`,
    ]);
    expect(broker.refusals.find((refusal) => refusal.reason === 'wrong password for alice')).toMatchObject({ what: 'connect', username: 'alice' });
  });

  it('anonymous clients connect once anonymous access is on (the setup is read at every check)', async () => {
    setup = { ...setup, anonymous: true };
    try {
      const outcome = await connect(broker.url, { protocolVersion, clientId: `anon-ok-${protocolVersion}` });
      expect('client' in outcome).toBe(true);
    } finally {
      setup = { ...setup, anonymous: false };
    }
  });

  it('refuses one filter of a SUBSCRIBE and grants the other', async () => {
    const bob = await connected(broker.url, { protocolVersion, clientId: `bob-sub-${protocolVersion}`, username: 'bob', password: PASSWORDS.bob });
    // bob may read devices/#, but only write commands/#.
    expect(await subscribe(bob, ['devices/#', 'commands/#'])).toEqual([1, codes.subscriptionRefused]);
    expect(reasons('subscribe')).toEqual(['bob may not subscribe to commands/#']);
    // The granted one works: the connection is still up and receives.
    const alice = await connected(broker.url, { protocolVersion, clientId: `alice-sub-${protocolVersion}`, username: 'alice', password: PASSWORDS.alice });
    const arrived = messageOn(bob, 'devices/alice/door');
    expect(await publish(alice, 'devices/alice/door', 'open')).toEqual({ acknowledged: 0 });
    expect(await arrived).toBe('open');
  });

  it("delivers alice's publish inside her rules and not the one outside them, though bob may read both", async () => {
    const bob = await connected(broker.url, { protocolVersion, clientId: `bob-${protocolVersion}`, username: 'bob', password: PASSWORDS.bob });
    expect(await subscribe(bob, ['devices/#'])).toEqual([1]);
    const received = collect(bob);
    let alice = await connected(broker.url, { protocolVersion, clientId: `alice-pub-${protocolVersion}`, username: 'alice', password: PASSWORDS.alice });

    const refused = await publish(alice, 'devices/bob/temp', 'forged');
    if (protocolVersion === 5) {
      // MQTT 5: a PUBACK with 0x87 Not authorized, and the connection stays.
      expect(refused).toEqual({ acknowledged: 0x87 });
    } else {
      // MQTT 3.1.1 cannot say "refused" in a PUBACK: Aedes closes the connection instead.
      expect(refused).toEqual({ closed: true });
      alice = await connected(broker.url, { protocolVersion, clientId: `alice-pub-${protocolVersion}`, username: 'alice', password: PASSWORDS.alice });
    }
    expect(reasons('publish')).toEqual(['alice may not publish to devices/bob/temp']);

    const allowed = messageOn(bob, 'devices/alice/temp');
    expect(await publish(alice, 'devices/alice/temp', '21.5')).toEqual({ acknowledged: 0 });
    expect(await allowed).toBe('21.5');
    // The refused publish was decided before the allowed one was sent: had it been delivered, it
    // would have arrived first.
    expect(received).toEqual([{ topic: 'devices/alice/temp', payload: '21.5' }]);
  });

  it('with topics no longer restricted everything goes, except publishing to $SYS', async () => {
    setup = { ...setup, restrictTopics: false };
    try {
      const alice = await connected(broker.url, { protocolVersion, clientId: `alice-open-${protocolVersion}`, username: 'alice', password: PASSWORDS.alice });
      expect(await subscribe(alice, ['commands/#'])).toEqual([1]);
      expect(await publish(alice, 'devices/bob/temp', '19')).toEqual({ acknowledged: 0 });
      const before = broker.refusals.length;
      expect(await publish(alice, '$SYS/fake/uptime', '0')).toEqual(protocolVersion === 5 ? { acknowledged: 0x87 } : { closed: true });
      expect(broker.refusals.slice(before)).toEqual([
        { clientId: `alice-open-${protocolVersion}`, username: 'alice', what: 'publish', topic: '$SYS/fake/uptime', reason: 'alice may not publish to $SYS/fake/uptime: $SYS topics belong to the broker' },
      ]);
    } finally {
      setup = { ...setup, restrictTopics: true };
    }
  });
});
