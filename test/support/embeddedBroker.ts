import { EmbeddedBroker, type EmbeddedBrokerOptions } from '../../src/main/broker/embeddedBroker';

/** The embedded broker on free ports of 127.0.0.1, running; `url` is its MQTT address. */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<{ broker: EmbeddedBroker; url: string; wsUrl: string }> {
  const broker = new EmbeddedBroker({ mqttPort: 0, wsPort: 0, ...options });
  const status = await broker.start();
  if (status.state !== 'running') throw new Error(`the embedded broker did not start: ${status.state === 'stopped' ? status.error : status.state}`);
  return { broker, url: `mqtt://127.0.0.1:${status.mqttPort}`, wsUrl: `ws://127.0.0.1:${status.wsPort}/mqtt` };
}
