import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/shared/errors/errors';
import { profileSchema, type ConnectionProfile } from '../../src/shared/domain/profile';
import { detectAndImport, detectImportFormat } from '../../src/shared/profiles/detectAndImport';
import { importMqttExplorer } from '../../src/shared/profiles/mqttExplorerImport';
import { importMqttx } from '../../src/shared/profiles/mqttxImport';
import { exportProfiles, importQoScope } from '../../src/shared/profiles/qoscopeFormat';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));
const fixedClientId = () => 'qoscope_feedbeef';

describe('importMqttx', () => {
  const result = importMqttx(fixture('mqttx-all-connections.json'));

  it('maps a 3.1.1 TCP connection with credentials, persistent session and a will', () => {
    expect(result.profiles[0]).toEqual<ConnectionProfile>({
      name: 'Home Assistant',
      host: 'homeassistant.local',
      port: 1883,
      transport: 'mqtt',
      path: '/mqtt',
      protocolVersion: 4,
      clientId: 'mqttx_ha_7d41c2',
      username: 'ha-bridge',
      password: 'hunter2-ha',
      clean: false,
      keepalive: 30,
      connectTimeout: 10,
      reconnect: { enabled: true, minDelay: 4, maxDelay: 30 },
      will: { topic: 'clients/ha-bridge/status', payload: 'offline', qos: 1, retain: true },
      subscriptions: [
        { filter: 'homeassistant/#', qos: 0, color: '#34c388' },
        { filter: 'zigbee2mqtt/+/availability', qos: 1, color: '#e8ae4d' },
      ],
    });
  });

  it('maps an MQTT 5 mutual-TLS connection with will properties and CONNECT properties', () => {
    expect(result.profiles[1]).toEqual<ConnectionProfile>({
      name: 'Metering (mTLS, v5)',
      host: 'mqtt.metering.example.com',
      port: 8883,
      transport: 'mqtts',
      path: '/mqtt',
      protocolVersion: 5,
      clientId: 'meter-gw-01',
      username: 'meter-gw-01',
      password: 's3cret-meter',
      clean: true,
      keepalive: 60,
      connectTimeout: 20,
      reconnect: { enabled: false, minDelay: 10, maxDelay: 30 },
      sessionExpiryInterval: 3600,
      tls: {
        caFiles: ['/home/dev/certs/metering-ca.pem'],
        certFile: '/home/dev/certs/meter-gw-01.crt',
        keyFile: '/home/dev/certs/meter-gw-01.key',
        verifyServer: false,
      },
      will: {
        topic: 'meters/gw-01/lwt',
        payload: '{"online":false}',
        qos: 2,
        retain: false,
        delayInterval: 5,
        messageExpiryInterval: 600,
        contentType: 'application/json',
        responseTopic: 'meters/gw-01/lwt/ack',
        correlationData: 'lwt-7',
        userProperties: [['site', 'plant-3']],
      },
      connectProperties: {
        receiveMaximum: 100,
        maximumPacketSize: 1_048_576,
        topicAliasMaximum: 10,
        requestResponseInformation: true,
        requestProblemInformation: true,
        userProperties: [
          ['region', 'eu-west'],
          ['capability', 'gzip'],
          ['capability', 'batch'],
        ],
      },
      subscriptions: [
        { filter: 'meters/+/reading', qos: 2, color: '#4d7cfe', alias: 'Readings', noLocal: true, retainAsPublished: true, retainHandling: 2 },
      ],
    });
  });

  it('takes connections out of MQTTX collections; a CA-signed wss connection trusts the system store', () => {
    expect(result.profiles[2]).toEqual<ConnectionProfile>({
      name: 'Line 1 PLC',
      host: 'edge.factory.example.org',
      port: 8084,
      transport: 'wss',
      path: '/mqtt',
      protocolVersion: 3,
      clientId: 'plc-line1',
      username: '',
      clean: true,
      keepalive: 15,
      connectTimeout: 10,
      reconnect: { enabled: true, minDelay: 3, maxDelay: 30 },
      tls: { caFiles: [], verifyServer: true },
      subscriptions: [{ filter: 'line1/#', qos: 0 }],
    });
    expect(result.profiles).toHaveLength(3);
  });

  it('skips what QoScope cannot connect with, saying why', () => {
    expect(result.skipped).toEqual([
      { name: 'QUIC experiment', reason: 'Protocol "quic" is not supported (QoScope connects over mqtt, mqtts, ws or wss)' },
      { name: 'Alarm panel', reason: 'Will topic: Wildcards + and # are not allowed in a publish topic (will.topic)' },
      { name: 'From the future', reason: 'MQTT version "6.0" is not supported (3.1, 3.1.1 and 5.0 are)' },
    ]);
  });

  it('notes what it dropped from the connections it did import', () => {
    expect(result.notes).toEqual([
      { name: 'Metering (mTLS, v5)', note: 'MQTTX added the time to this client ID at every connect; QoScope uses the ID as saved' },
      { name: 'Metering (mTLS, v5)', note: 'The will\'s "payload is UTF-8" flag was not imported' },
      {
        name: 'Metering (mTLS, v5)',
        note: 'Enhanced authentication ("SCRAM-SHA-256") was not imported; QoScope does not do MQTT 5 AUTH exchanges',
      },
      {
        name: 'Metering (mTLS, v5)',
        note: 'The subscription "meters/#/broken" was not imported: Topic filter "meters/#/broken": # must be the last level and stand alone (e.g. home/#)',
      },
    ]);
  });

  it('reads a single-connection export whose host still carries the scheme (older MQTTX)', () => {
    const single = importMqttx(fixture('mqttx-one-connection.json'));
    expect(single.skipped).toEqual([]);
    expect(single.profiles).toEqual<ConnectionProfile[]>([
      {
        name: 'Staging broker',
        host: 'staging.example.net',
        port: 8883,
        transport: 'mqtts',
        path: '/mqtt',
        protocolVersion: 4,
        clientId: 'mqttx_3b9f01aa',
        username: 'stage',
        password: 'st4ge-pass',
        clean: true,
        keepalive: 60,
        connectTimeout: 10,
        reconnect: { enabled: false, minDelay: 4, maxDelay: 30 },
        tls: { caFiles: [], verifyServer: true },
      },
    ]);
  });

  it('decodes correlation data exported as a Node Buffer', () => {
    const connection = {
      name: 'Buffer',
      host: 'h.local',
      port: 1883,
      protocol: 'mqtt',
      mqttVersion: '5.0',
      clientId: 'c',
      will: {
        lastWillTopic: 'w',
        lastWillPayload: '',
        lastWillQos: 0,
        lastWillRetain: false,
        properties: { correlationData: { type: 'Buffer', data: [0x69, 0x64, 0x2d, 0xc3, 0xa9] } },
      },
    };
    expect(importMqttx(connection).profiles[0]?.will?.correlationData).toBe('id-é');
  });

  it('refuses something that is not an export at all', () => {
    expect(() => importMqttx('hello')).toThrow(UserError);
  });
});

describe('importMqttExplorer', () => {
  const result = importMqttExplorer(fixture('mqtt-explorer-settings.json'), { newClientId: fixedClientId });

  it('maps a plain TCP connection as MQTT Explorer connects: 3.1.1, clean session, 60 s keepalive', () => {
    expect(result.profiles[0]).toEqual<ConnectionProfile>({
      name: 'Garage sensors',
      host: 'garage.local',
      port: 1883,
      transport: 'mqtt',
      path: '/mqtt',
      protocolVersion: 4,
      clientId: 'garage-explorer',
      username: 'sensor',
      password: 'g4rage-door',
      clean: true,
      keepalive: 60,
      subscriptions: [
        { filter: '#', qos: 0 },
        { filter: '$SYS/#', qos: 0 },
      ],
    });
  });

  it('turns ws + encryption into wss with its base path, and gives a missing client ID a fresh one', () => {
    expect(result.profiles[1]).toEqual<ConnectionProfile>({
      name: 'Cloud over WebSocket',
      host: 'mqtt.fleet.example.com',
      port: 443,
      transport: 'wss',
      path: '/ws',
      protocolVersion: 4,
      clientId: 'qoscope_feedbeef',
      username: 'fleet-viewer',
      clean: true,
      keepalive: 60,
      tls: { caFiles: [], verifyServer: false },
      subscriptions: [{ filter: 'fleet/#', qos: 1 }],
    });
  });

  it('skips a connection without a host and notes embedded certificates', () => {
    expect(result.profiles).toHaveLength(2);
    expect(result.skipped).toEqual([{ name: 'Half-finished', reason: 'Host "" is not a broker address' }]);
    expect(result.notes).toEqual([
      {
        name: 'Cloud over WebSocket',
        note: 'The CA certificate "fleet-ca.pem" is stored inside MQTT Explorer\'s settings; save it as a file and choose it under TLS',
      },
    ]);
  });

  it('reads its "Export connections" file (the connections object alone)', () => {
    const exported = importMqttExplorer(fixture('mqtt-explorer-connections-export.json'));
    expect(exported.profiles).toEqual<ConnectionProfile[]>([
      {
        name: 'Lab broker (TLS)',
        host: 'lab.example.org',
        port: 8883,
        transport: 'mqtts',
        path: '/mqtt',
        protocolVersion: 4,
        clientId: 'lab-explorer-01',
        username: 'lab',
        password: 'l4b-pass',
        clean: true,
        keepalive: 60,
        tls: { caFiles: [], verifyServer: true },
      },
    ]);
    expect(exported.notes.map((n) => n.note)).toEqual([
      'The client certificate "lab-client.crt" is stored inside MQTT Explorer\'s settings; save it as a file and choose it under TLS',
      'The client key "lab-client.key" is stored inside MQTT Explorer\'s settings; save it as a file and choose it under TLS',
    ]);
  });
});

describe('detectAndImport', () => {
  it.each([
    ['mqttx-all-connections.json', 'mqttx', 3],
    ['mqttx-one-connection.json', 'mqttx', 1],
    ['mqtt-explorer-settings.json', 'mqtt-explorer', 2],
    ['mqtt-explorer-connections-export.json', 'mqtt-explorer', 1],
  ])('recognises %s as %s', (name, format, count) => {
    const result = detectAndImport(fixture(name));
    expect(result.format).toBe(format);
    expect(result.profiles).toHaveLength(count);
  });

  it('recognises our own export', () => {
    const ours = JSON.parse(exportProfiles(importMqttx(fixture('mqttx-all-connections.json')).profiles, { includeSecrets: false }));
    expect(detectImportFormat(ours)).toBe('qoscope');
    expect(detectAndImport(ours).profiles).toHaveLength(3);
  });

  it.each([[{ hello: 'world' }], [42], [null], [['not', 'connections']]])('refuses an unknown file: %j', (json) => {
    expect(() => detectAndImport(json)).toThrow(UserError);
  });

  it('every imported profile passes profileSchema', () => {
    for (const name of ['mqttx-all-connections.json', 'mqttx-one-connection.json', 'mqtt-explorer-settings.json', 'mqtt-explorer-connections-export.json']) {
      for (const profile of detectAndImport(fixture(name)).profiles) expect(profileSchema.safeParse(profile).success).toBe(true);
    }
  });
});

describe('exportProfiles / importQoScope', () => {
  const withSecrets: ConnectionProfile[] = [
    ...importMqttx(fixture('mqttx-all-connections.json')).profiles,
  ].map((profile) => (profile.tls ? { ...profile, tls: { ...profile.tls, passphrase: 'key-passphrase-99' } } : profile));
  const secrets = ['hunter2-ha', 's3cret-meter', 'key-passphrase-99'];

  it('carries saved subscriptions, colours and aliases included', () => {
    const back = importQoScope(JSON.parse(exportProfiles(withSecrets, { includeSecrets: false })));
    expect(back.profiles.map((profile) => profile.subscriptions)).toEqual(withSecrets.map((profile) => profile.subscriptions));
    expect(back.profiles[1]?.subscriptions?.[0]).toMatchObject({ alias: 'Readings', color: '#4d7cfe', noLocal: true });
  });

  it('leaves every password and passphrase out unless asked', () => {
    const text = exportProfiles(withSecrets, { includeSecrets: false });
    for (const secret of secrets) expect(text).not.toContain(secret);
    const back = importQoScope(JSON.parse(text));
    expect(back.profiles.every((p) => p.password === undefined && p.tls?.passphrase === undefined)).toBe(true);
  });

  it('includes them when asked, and reads every field back unchanged', () => {
    const text = exportProfiles(withSecrets, { includeSecrets: true });
    for (const secret of secrets) expect(text).toContain(secret);
    const back = importQoScope(JSON.parse(text));
    expect(back).toEqual({ profiles: withSecrets, skipped: [], notes: [] });
  });

  it('skips an invalid entry and keeps the rest', () => {
    const file = JSON.parse(exportProfiles(withSecrets, { includeSecrets: false }));
    file.profiles[1].port = 70000;
    const back = importQoScope(file);
    expect(back.profiles).toHaveLength(2);
    expect(back.skipped).toEqual([{ name: 'Metering (mTLS, v5)', reason: expect.stringMatching(/^Port must be between 1 and 65,?535 \(port\)$/) }]);
  });

  it('refuses a newer format version rather than guessing', () => {
    expect(() => importQoScope({ format: 'qoscope-profiles', version: 2, profiles: [] })).toThrow(/format version 2/);
  });
});

describe('a hostile MQTTX export', () => {
  /** `{"isCollection":true,"children":[ … ]}` nested `depth` times around one connection. */
  function nested(depth: number): string {
    const connection = '{"name":"deep","host":"127.0.0.1","port":1883,"protocol":"mqtt","clientId":"c"}';
    return `${'{"isCollection":true,"children":['.repeat(depth)}${connection}${']}'.repeat(depth)}`;
  }

  it('with collections nested 100,000 deep is refused with a clear error, not a stack overflow', () => {
    const json: unknown = JSON.parse(nested(100_000));
    expect(() => importMqttx(json)).toThrow(UserError);
    expect(() => importMqttx(json)).toThrow(/nested deeper than 100 levels; nothing was imported/);
  });

  it('with a sensible folder depth still imports', () => {
    const result = importMqttx(JSON.parse(nested(20)));
    expect(result.profiles.map((p) => p.name)).toEqual(['deep']);
  });
});
