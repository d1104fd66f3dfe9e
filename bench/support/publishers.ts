import { spawn } from 'node:child_process';
import mqtt from 'mqtt';
import { withTimeout } from './time';

/**
 * Publishes one QoS 0 message to each topic with MQTT.js: mosquitto_pub -l cannot vary the
 * topic per line, and a process per topic would be 100,000 processes. Written in slices that
 * wait for the socket to drain, so the bench holds no more than a slice in memory. Returns the
 * wall-clock time of the first publish.
 */
export async function publishEachOnce(port: number, topics: Iterable<string>, payload: string): Promise<{ startedAt: number; doneAt: number; sent: number }> {
  const client = await mqtt.connectAsync({ host: '127.0.0.1', port, reconnectPeriod: 0, protocolVersion: 4 });
  let sent = 0;
  let startedAt = 0;
  try {
    let slice: Promise<void>[] = [];
    for (const topic of topics) {
      if (sent === 0) startedAt = Date.now();
      slice.push(new Promise<void>((resolve, reject) => client.publish(topic, payload, { qos: 0 }, (error) => (error ? reject(error) : resolve()))));
      sent += 1;
      if (slice.length === 1000) {
        await Promise.all(slice);
        slice = [];
      }
    }
    await Promise.all(slice);
  } finally {
    await withTimeout(client.endAsync(), 10_000, undefined);
  }
  return { startedAt, doneAt: Date.now(), sent };
}

/** One message with the file's bytes as payload, published by mosquitto_pub -f in its own process. */
export function publishFile(port: number, topic: string, file: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(port), '-t', topic, '-q', '0', '-f', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mosquitto_pub -f did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`mosquitto_pub -f exited ${code}: ${errors}`));
    });
  });
}
