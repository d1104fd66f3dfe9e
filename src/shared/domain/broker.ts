import { z } from 'zod';
import type { BrokerTlsStatus } from './brokerTls';

/** A TCP port a listener of the embedded broker can use. */
export const brokerPortSchema = z.number().int('A port is a whole number').min(1, 'A port is a number from 1 to 65535').max(65_535, 'A port is a number from 1 to 65535');

/** The ports the user chose for the embedded broker; kept, and never replaced silently. */
export const brokerPortsSchema = z
  .object({ mqttPort: brokerPortSchema, wsPort: brokerPortSchema })
  .refine((ports) => ports.mqttPort !== ports.wsPort, { message: 'MQTT and WebSocket need different ports', path: ['wsPort'] });
export type BrokerPorts = z.infer<typeof brokerPortsSchema>;

/** A listener whose chosen port another program holds, and a free port to offer instead. */
export type BusyPort = { listener: 'mqtt' | 'ws'; port: number; free?: number };

export type BrokerStatus =
  | { state: 'stopped'; error?: string; busy?: BusyPort }
  | { state: 'starting' }
  | {
      state: 'running';
      host: string;
      mqttPort: number;
      wsPort: number;
      wsPath: string;
      clients: number;
      /** MQTT protocol levels the broker accepts. */
      protocolVersions: readonly number[];
      /** MQTT and WebSocket over TLS, when on. */
      tls?: BrokerTlsStatus;
      /** Listening on the network: the addresses other devices reach this machine at. */
      lanAddresses?: string[];
      /** Said when a default port was taken and the broker moved to the next free one. */
      notice?: string;
    };

export function brokerUrls(status: BrokerStatus): { mqtt: string; ws: string; mqtts?: string; wss?: string } | undefined {
  if (status.state !== 'running') return undefined;
  return {
    mqtt: `mqtt://${status.host}:${status.mqttPort}`,
    ws: `ws://${status.host}:${status.wsPort}${status.wsPath}`,
    ...(status.tls ? { mqtts: `mqtts://${status.host}:${status.tls.mqttsPort}`, wss: `wss://${status.host}:${status.tls.wssPort}${status.wsPath}` } : {}),
  };
}
