/**
 * The Paho MQTT interoperability suites (eclipse/paho.mqtt.testing, run through
 * ../shared/paho-interop/run.py, each test in its own Python process) against the embedded
 * broker. `npm run interop` prints the same side by side with mosquitto.
 *
 * Goals (the broker issue): client_test.py ≥ 9/10, client_test5.py ≥ mosquitto's 21/27. Measured
 * here: 9/10 and 21/27. The tests this broker does not pass, and why:
 *   subscribe_failure      (both suites) expects an ACL refusing test/nosubscribe; none is set up
 *                          (mosquitto fails it the same way)
 *   subscribe_identifiers  one copy for overlapping subscriptions carries only one identifier
 *   server_topic_alias     the broker assigns no topic aliases of its own
 *   server_keep_alive      the broker imposes no Server Keep Alive
 *   flow_control2          hangs (on mosquitto too)
 *   will_delay             times out (mosquitto fails it too)
 * Every other test must pass: one that stops passing fails `npm test`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../src/main/broker/embeddedBroker';

const PAHO = process.env.QOSCOPE_PAHO_DIR ?? path.resolve(__dirname, '../../../shared/paho-interop');
const present = existsSync(path.join(PAHO, 'run.py'));
if (!present) console.warn(`Paho interoperability suites not found at ${PAHO} (set QOSCOPE_PAHO_DIR): skipped`);

const PASSING_V5 = [
  'basic', 'retained_message', 'will_message', 'zero_length_clientid', 'offline_message_queueing', 'overlapping_subscriptions',
  'keepalive', 'redelivery_on_reconnect', 'dollar_topics', 'unsubscribe', 'session_expiry', 'user_properties', 'payload_format',
  'publication_expiry', 'subscribe_options', 'assigned_clientid', 'request_response', 'client_topic_alias', 'maximum_packet_size',
  'flow_control1', 'shared_subscriptions',
];

type Score = { passed: number; total: number; tests: Record<string, { verdict?: string; result?: string } | string> };

/** Each test waits out timeouts of its own; groups run side by side, each on a broker of its own. */
const GROUPS = 7;

const brokers: EmbeddedBroker[] = [];
let dir: string;
beforeAll(async () => {
  if (present) dir = await mkdtemp(path.join(tmpdir(), 'qoscope-paho-'));
});
afterAll(async () => {
  await Promise.all(brokers.map((broker) => broker.stop()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The suite's test names, found as run.py finds them. */
async function testsOf(suite: string): Promise<string[]> {
  const source = await readFile(path.join(PAHO, suite), 'utf8');
  return [...source.matchAll(/^ {4}def (test\w*)\(/gm)].map((match) => match[1]!.replace(/^test_/, ''));
}

async function freshBroker(): Promise<number> {
  const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0 });
  brokers.push(broker);
  const status = await broker.start();
  if (status.state !== 'running') throw new Error('the embedded broker did not start');
  return status.mqttPort;
}

function runGroup(suite: string, port: number, tests: string[], json: string): Promise<Score> {
  const args = [path.join(PAHO, 'run.py'), suite, '127.0.0.1', String(port), ...tests, '--timeout', '40', '--json', json];
  return new Promise<string>((resolve, reject) => {
    const child = spawn('python3', args, { cwd: PAHO, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(text));
  }).then(async (output) => {
    if (!existsSync(json)) throw new Error(`run.py wrote no score:\n${output}`);
    return JSON.parse(await readFile(json, 'utf8')) as Score;
  });
}

/** The suite's tests (all, or those named), in GROUPS groups at once: every test's verdict. */
async function score(suite: string, only?: string[]): Promise<Score> {
  const tests = only ?? (await testsOf(suite));
  const groups = Array.from({ length: Math.min(GROUPS, tests.length) }, (_, g) => tests.filter((_, i) => i % GROUPS === g));
  const results = await Promise.all(groups.map(async (group, g) => runGroup(suite, await freshBroker(), group, path.join(dir, `${suite}-${g}.json`))));
  const all = Object.assign({}, ...results.map((result) => result.tests)) as Score['tests'];
  return { passed: results.reduce((sum, result) => sum + result.passed, 0), total: Object.keys(all).length, tests: all };
}

/** Test name → PASS / FAIL / TIMEOUT / ERROR, whatever shape run.py gives each result. */
function verdicts(result: Score): Record<string, string> {
  return Object.fromEntries(
    Object.entries(result.tests).map(([name, value]) => [name.replace(/^test_/, ''), typeof value === 'string' ? value : (value.verdict ?? value.result ?? '?')]),
  );
}

/**
 * Several suite tests wait only a second or two for the broker (client_topic_alias: 2 s for a
 * DISCONNECT), which a loaded CI machine can miss; a test that fails is run once more, alone, on a
 * fresh broker. A broker that really breaks it fails both times.
 */
async function withOneRetry(suite: string, result: Score, mustPass: readonly string[]): Promise<Record<string, string>> {
  const first = verdicts(result);
  const failing = mustPass.filter((name) => first[name] !== 'PASS');
  if (failing.length === 0) return first;
  const again = verdicts(await runGroup(suite, await freshBroker(), failing, path.join(dir, `${suite}-retry.json`)));
  return { ...first, ...again };
}

describe.concurrent('Paho interoperability suites against the embedded broker', () => {
  it.skipIf(!present)('client_test.py (MQTT 3.1.1): 9 of 10, all but subscribe_failure (no ACL set up)', { timeout: 300_000 }, async () => {
    const result = await score('client_test.py');
    expect(result.total).toBe(10);
    const names = Object.keys(verdicts(result));
    const final = await withOneRetry('client_test.py', result, names.filter((name) => name !== 'subscribe_failure'));
    const failing = Object.entries(final).filter(([, verdict]) => verdict !== 'PASS').map(([name]) => name);
    expect(failing).toEqual(['subscribe_failure']);
  });

  it.skipIf(!present)(`client_test5.py (MQTT 5): the ${PASSING_V5.length} tests it passes keep passing`, { timeout: 300_000 }, async () => {
    const result = await score('client_test5.py', PASSING_V5);
    expect(await withOneRetry('client_test5.py', result, PASSING_V5)).toEqual(Object.fromEntries(PASSING_V5.map((name) => [name, 'PASS'])));
  });
});
