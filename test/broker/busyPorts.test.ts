import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../src/main/broker/embeddedBroker';
import { QoScopeApp } from '../../src/main/app';
import { freePort } from '../support/freePort';

const root = fileURLToPath(new URL('../..', import.meta.url));
const held: net.Server[] = [];

/** Another program holding a port on 127.0.0.1 (another broker, another QoScope). */
async function hold(port: number): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  held.push(server);
}

afterEach(async () => {
  await Promise.all(held.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('the embedded broker with its port taken', () => {
  it('a chosen WebSocket port that is busy stops the broker with the port named, and the process stays up', async () => {
    const [mqttPort, wsPort] = [await freePort(), await freePort()];
    await hold(wsPort);
    const broker = new EmbeddedBroker({ mqttPort, wsPort, exact: { mqtt: true, ws: true } });
    const status = await broker.start();
    expect(status).toMatchObject({ state: 'stopped' });
    expect(status.state === 'stopped' && status.error).toContain(`127.0.0.1:${wsPort}: the port is already in use`);
    // Start broker again once the other program has gone: it starts.
    await Promise.all(held.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    expect(await broker.start()).toMatchObject({ state: 'running', mqttPort, wsPort });
    await broker.stop();
  });

  it('a chosen MQTT port that is busy is not replaced by another one', async () => {
    const mqttPort = await freePort();
    await hold(mqttPort);
    const broker = new EmbeddedBroker({ mqttPort, wsPort: 0, exact: { mqtt: true } });
    const status = await broker.start();
    expect(status.state === 'stopped' && status.error).toContain(`127.0.0.1:${mqttPort}: the port is already in use`);
  });

  it('a default port that is busy moves to the next free one and says so', async () => {
    const mqttPort = await freePort();
    await hold(mqttPort);
    const broker = new EmbeddedBroker({ mqttPort, wsPort: 0 });
    const status = await broker.start();
    expect(status).toMatchObject({ state: 'running' });
    if (status.state !== 'running') return;
    expect(status.mqttPort).not.toBe(mqttPort);
    expect(status.notice).toBe(`MQTT port ${mqttPort} was in use, so MQTT listens on ${status.mqttPort}.`);
    await broker.stop();
  });
});

describe('ports chosen in the app', () => {
  it('are remembered: the next start of the app listens on them, and its embedded connection points there', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'qoscope-broker-ports-'));
    try {
      const [mqttPort, wsPort] = [await freePort(), await freePort()];
      const first = new QoScopeApp({ dataDir, broker: { mqttPort: 0, wsPort: 0 } });
      await first.start();
      expect(await first.broker.usePorts({ mqttPort, wsPort })).toMatchObject({ state: 'running', mqttPort, wsPort });
      await first.dispose();

      const second = new QoScopeApp({ dataDir, broker: { mqttPort: 0, wsPort: 0 } });
      try {
        expect(await second.start()).toMatchObject({ state: 'running', mqttPort, wsPort });
        expect(await second.broker.ports()).toEqual({ mqttPort, wsPort, chosen: true });
        expect(second.connections.findPreset('embedded')?.profile.port).toBe(mqttPort);
      } finally {
        await second.dispose();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('a taken one stops the broker with the listener and port named, and a free port offered', async () => {
    const [mqttPort, wsPort] = [await freePort(), await freePort()];
    await hold(wsPort);
    const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0 });
    const status = await broker.usePorts({ mqttPort, wsPort });
    expect(status).toMatchObject({ state: 'stopped', busy: { listener: 'ws', port: wsPort } });
    const free = status.state === 'stopped' ? status.busy?.free : undefined;
    expect(free).toBeGreaterThan(wsPort);
    expect(free).not.toBe(mqttPort);
    expect(await broker.usePorts({ mqttPort, wsPort: free! })).toMatchObject({ state: 'running', mqttPort, wsPort: free });
    await broker.stop();
  });
});

/** Runs the built browser mode until it exits (or is stopped once it printed its URL). */
function runServer(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['out/main/server.js', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // Up and serving: the test has what it needs; stop it like a user would.
      if (/Embedded broker/.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('browser mode (out/main/server.js) with ports and folders it cannot use', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'qoscope-ports-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('QoScope could not start'));

  it('stays up and names the port when the broker WebSocket port is taken', async () => {
    const wsPort = await freePort();
    await hold(wsPort);
    const run = await runServer(['--port', '0', '--broker-port', '0', '--broker-ws-port', String(wsPort), '--data-dir', dataDir]);
    expect(run.stdout).toContain('QoScope (browser mode) is at');
    expect(run.stdout).toContain(`Embedded broker did not start: Could not start: The embedded broker (WebSocket) cannot listen on 127.0.0.1:${wsPort}: the port is already in use`);
    expect(run.stderr).not.toContain('Unhandled');
  });

  it('exits 2 with one line naming a chosen UI port that is taken', async () => {
    const port = await freePort();
    await hold(port);
    const run = await runServer(['--port', String(port), '--broker-port', '0', '--broker-ws-port', '0', '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([`QoScope could not start: QoScope (browser mode) cannot listen on 127.0.0.1:${port}: the port is already in use`]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 with one line when --data-dir is a file', async () => {
    const file = path.join(dataDir, 'not-a-folder');
    await writeFile(file, 'x');
    const run = await runServer(['--port', '0', '--data-dir', file]);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([`QoScope could not start: the data folder ${file} is a file, not a folder (--data-dir)`]);
  });

  it('exits 2 with one line when profiles.json is a folder', async () => {
    const dir = path.join(dataDir, 'with-folder');
    await mkdir(path.join(dir, 'profiles.json'), { recursive: true });
    const run = await runServer(['--port', '0', '--broker-port', '0', '--broker-ws-port', '0', '--data-dir', dir]);
    expect(run.code).toBe(2);
    expect(errorLines(run.stderr)).toEqual([`QoScope could not start: ${path.join(dir, 'profiles.json')} is a folder, not a file: move it out of the way and start again`]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
