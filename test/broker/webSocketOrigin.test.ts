/**
 * The embedded broker's WebSocket listener and web pages: a browser sends its page's Origin with
 * every WebSocket, so a page the user visits could otherwise read and publish on the broker.
 * Clients that are not web pages (devices, Node, QoScope's engine) send no Origin.
 */
import mqtt from 'mqtt';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmbeddedBroker, EmbeddedBrokerOptions } from '../../src/main/broker/embeddedBroker';
import { startEmbeddedBroker } from '../support/embeddedBroker';

let broker: EmbeddedBroker | undefined;
afterEach(async () => broker?.stop());

async function started(options: EmbeddedBrokerOptions = {}): Promise<string> {
  const running = await startEmbeddedBroker(options);
  broker = running.broker;
  return running.wsUrl;
}

/** Opens a WebSocket as a browser page at `origin` would; resolves with the HTTP status the broker answered. */
function openFrom(url: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['mqtt'], { origin });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

describe('WebSocket connections from web pages', () => {
  it('a page from another origin is refused (403) before any MQTT is spoken', async () => {
    const url = await started();
    expect(await openFrom(url, 'https://evil.example')).toBe(403);
    expect(await openFrom(url, 'http://localhost:3000')).toBe(403);
  });

  it('a client that is not a web page (no Origin) connects and gets its messages', async () => {
    const url = await started();
    const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    try {
      const got = new Promise<string>((resolve) => client.on('message', (_t, payload) => resolve(payload.toString())));
      await client.subscribeAsync('ws/origin', { qos: 1 });
      await client.publishAsync('ws/origin', 'hello', { qos: 1 });
      expect(await got).toBe('hello');
    } finally {
      await client.endAsync();
    }
  });

  it('an origin the user allowed connects; others still do not', async () => {
    const url = await started({ allowedOrigins: ['http://localhost:3000'] });
    expect(await openFrom(url, 'http://localhost:3000')).toBe(101);
    expect(await openFrom(url, 'https://evil.example')).toBe(403);
  });
});
