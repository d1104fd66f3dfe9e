export type BrokerStatus =
  | { state: 'stopped'; error?: string }
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
      /** Said when a default port was taken and the broker moved to the next free one. */
      notice?: string;
    };

export function brokerUrls(status: BrokerStatus): { mqtt: string; ws: string } | undefined {
  if (status.state !== 'running') return undefined;
  return {
    mqtt: `mqtt://${status.host}:${status.mqttPort}`,
    ws: `ws://${status.host}:${status.wsPort}${status.wsPath}`,
  };
}
