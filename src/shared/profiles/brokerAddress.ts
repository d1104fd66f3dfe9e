import type { Transport } from '../domain/profile';

export type BrokerAddress = { host: string; transport?: Transport; port?: number; path?: string };

// URL schemes other tools use for each of our transports (tcp:// and ssl:// come from paho).
const SCHEMES: Record<string, Transport> = {
  mqtt: 'mqtt',
  tcp: 'mqtt',
  mqtts: 'mqtts',
  ssl: 'mqtts',
  tls: 'mqtts',
  ws: 'ws',
  wss: 'wss',
};

const ADDRESS = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\[[^\]]+\]|[^/:?#\s]+)(?::(\d{1,5}))?(\/[^?#]*)?$/i;

/**
 * Other tools sometimes keep a whole URL in their host field (MQTTX before it had a protocol
 * field, MQTT Explorer's first settings); we keep the parts apart. Undefined when it is not an
 * address at all, or names a scheme we cannot speak.
 */
export function splitBrokerAddress(raw: string): BrokerAddress | undefined {
  const match = ADDRESS.exec(raw.trim());
  if (!match) return undefined;
  const [, scheme, host = '', port, path] = match;
  const transport = scheme === undefined ? undefined : SCHEMES[scheme.toLowerCase()];
  if (scheme !== undefined && !transport) return undefined;
  return {
    host: host.startsWith('[') ? host.slice(1, -1) : host,
    ...(transport ? { transport } : {}),
    ...(port ? { port: Number(port) } : {}),
    ...(path && path !== '/' ? { path } : {}),
  };
}

/** A WebSocket path as we store it: always with its leading slash. */
export function webSocketPath(raw: string | undefined, fallback: string): string {
  const path = raw?.trim();
  if (!path) return fallback;
  return path.startsWith('/') ? path : `/${path}`;
}

/** Turns TLS on or off for a transport while keeping TCP vs WebSocket. */
export function withTls(transport: Transport, tls: boolean): Transport {
  const webSocket = transport === 'ws' || transport === 'wss';
  if (webSocket) return tls ? 'wss' : 'ws';
  return tls ? 'mqtts' : 'mqtt';
}
