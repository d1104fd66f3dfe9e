import { DEFAULT_PROFILE, randomClientId, type ConnectionProfile, type Transport } from '../domain/profile';

/** A template the user starts a connection from; the client ID is made fresh for each use. */
export type ProfilePreset = {
  id: string;
  label: string;
  /** Shown next to the preset: what the user must know before connecting. */
  note?: string;
  profile: Omit<ConnectionProfile, 'clientId'>;
};

export const EMBEDDED_PRESET_ID = 'embedded';

/** The broker QoScope runs itself; the caller passes the port it is actually listening on. */
export function embeddedBrokerPreset(port: number): ProfilePreset {
  return {
    id: EMBEDDED_PRESET_ID,
    label: 'Embedded broker',
    profile: { ...DEFAULT_PROFILE, name: 'Embedded broker', host: '127.0.0.1', port, transport: 'mqtt' },
  };
}

type Listener = { transport: Transport; port: number; path?: string; note?: string };

function brokerPresets(id: string, host: string, listeners: readonly Listener[], note?: string): ProfilePreset[] {
  return listeners.map(({ transport, port, path, note: listenerNote }) => {
    const label = `${host} (${transport}, ${port})`;
    const notes = [listenerNote, note].filter(Boolean).join(' ');
    const tls = transport === 'mqtts' || transport === 'wss';
    return {
      id: `${id}-${transport}`,
      label,
      ...(notes ? { note: notes } : {}),
      profile: {
        ...DEFAULT_PROFILE,
        name: host,
        host,
        port,
        transport,
        path: path ?? DEFAULT_PROFILE.path,
        ...(tls ? { tls: { caFiles: [], verifyServer: true } } : {}),
      },
    };
  });
}

const PUBLIC_NOTE = 'A public test broker: anyone can read what you publish there.';

/** Public test brokers people reach for first. Tests never connect to them. */
export const PUBLIC_BROKER_PRESETS: readonly ProfilePreset[] = [
  ...brokerPresets(
    'mosquitto',
    'test.mosquitto.org',
    [
      { transport: 'mqtt', port: 1883 },
      {
        transport: 'mqtts',
        port: 8883,
        note: 'Port 8883 uses test.mosquitto.org\'s own certificate authority: download mosquitto.org.crt from the site and add it under TLS → CA files.',
      },
      // Mosquitto's WebSocket listener answers on any path.
      { transport: 'ws', port: 8080, path: '/' },
      { transport: 'wss', port: 8081, path: '/' },
    ],
    PUBLIC_NOTE,
  ),
  ...brokerPresets(
    'hivemq',
    'broker.hivemq.com',
    [
      { transport: 'mqtt', port: 1883 },
      { transport: 'ws', port: 8000, path: '/mqtt' },
    ],
    PUBLIC_NOTE,
  ),
  ...brokerPresets(
    'emqx',
    'broker.emqx.io',
    [
      { transport: 'mqtt', port: 1883 },
      { transport: 'mqtts', port: 8883 },
      { transport: 'ws', port: 8083, path: '/mqtt' },
      { transport: 'wss', port: 8084, path: '/mqtt' },
    ],
    PUBLIC_NOTE,
  ),
  ...brokerPresets(
    'flespi',
    'mqtt.flespi.io',
    [
      { transport: 'mqtt', port: 1883 },
      { transport: 'mqtts', port: 8883 },
      { transport: 'ws', port: 80, path: '/' },
      { transport: 'wss', port: 443, path: '/' },
    ],
    'flespi needs an account: put a flespi token in Username and leave Password empty.',
  ),
];

export function allPresets(embeddedPort: number): ProfilePreset[] {
  return [embeddedBrokerPreset(embeddedPort), ...PUBLIC_BROKER_PRESETS];
}

/** A ready profile from a preset, with a client ID of its own. */
export function profileFromPreset(preset: ProfilePreset, clientId: string = randomClientId()): ConnectionProfile {
  return { ...preset.profile, clientId };
}
