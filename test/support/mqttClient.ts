/**
 * Small promise helpers around mqtt.js for tests.
 */
import mqtt, { type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { topicMatchesFilter } from '../../src/shared/mqtt/topic';

const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Connect and resolve once CONNACK accepted the connection.
 *
 * Defaults to `reconnectPeriod: 0`: mqtt.js otherwise retries forever, which
 * turns "wrong password" or "broker down" into a hang instead of a failure.
 * Rejects on the first 'error' (e.g. ECONNREFUSED, or CONNACK refusal with
 * `code` 4/5 under MQTT 3.1.1, 134/135 under MQTT 5), on a close before
 * connecting, or after 5 s; the client is force-closed in every failure case.
 */
export function connectClient(url: string, opts: IClientOptions = {}): Promise<MqttClient> {
  return new Promise<MqttClient>((resolve, reject) => {
    const client = mqtt.connect(url, {
      reconnectPeriod: 0,
      connectTimeout: CONNECT_TIMEOUT_MS,
      ...opts,
    });

    const cleanup = (): void => {
      clearTimeout(timer);
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
    };
    const fail = (err: Error): void => {
      cleanup();
      // Keep a no-op 'error' listener: a late error on a client we already gave
      // up on must not be thrown as an unhandled 'error' event.
      client.on('error', () => undefined);
      client.end(true);
      reject(err);
    };
    const onConnect = (): void => {
      cleanup();
      resolve(client);
    };
    const onError = (err: Error): void => fail(err);
    const onClose = (): void => fail(new Error(`connection to ${url} closed before CONNACK`));
    const timer = setTimeout(
      () => fail(new Error(`no CONNACK from ${url} within ${CONNECT_TIMEOUT_MS} ms`)),
      CONNECT_TIMEOUT_MS,
    );

    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}

export interface ReceivedMqttMessage {
  topic: string;
  payload: Buffer;
  packet: IPublishPacket;
}


/**
 * Resolve with the next message the client receives (optionally only on topics
 * matching `topic`, which may use + and # wildcards).
 *
 * Only messages arriving after the call are seen, so create the promise before
 * triggering the publish: `const next = nextMessage(c, 't'); await pub(); await next;`
 */
export function nextMessage(client: MqttClient, topic?: string, timeoutMs = 5000): Promise<ReceivedMqttMessage> {
  return new Promise<ReceivedMqttMessage>((resolve, reject) => {
    const onMessage = (received: string, payload: Buffer, packet: IPublishPacket): void => {
      if (topic !== undefined && !topicMatchesFilter(topic, received)) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve({ topic: received, payload, packet });
    };
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      reject(new Error(`no message${topic === undefined ? '' : ` on ${topic}`} within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on('message', onMessage);
  });
}
