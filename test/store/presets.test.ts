import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../src/shared/domain/profile';
import { allPresets, embeddedBrokerPreset, profileFromPreset, PUBLIC_BROKER_PRESETS } from '../../src/shared/profiles/presets';

describe('presets', () => {
  it('every preset becomes a valid profile once it has a client ID', () => {
    for (const preset of allPresets(1883)) {
      const result = profileSchema.safeParse(profileFromPreset(preset));
      expect(result.success, `${preset.id}: ${result.error?.message}`).toBe(true);
    }
  });

  it('ids are unique, so the UI can key on them', () => {
    const ids = allPresets(1883).map((preset) => preset.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the embedded broker preset points at 127.0.0.1 on the port the broker really has', () => {
    expect(embeddedBrokerPreset(18830).profile).toMatchObject({ host: '127.0.0.1', port: 18830, transport: 'mqtt' });
  });

  // Keyed by preset id, never by host: these tests only read data and never open a socket.
  it.each([
    ['mosquitto', [['mqtt', 1883], ['mqtts', 8883], ['ws', 8080], ['wss', 8081]]],
    ['hivemq', [['mqtt', 1883], ['ws', 8000]]],
    ['emqx', [['mqtt', 1883], ['mqtts', 8883], ['ws', 8083], ['wss', 8084]]],
    ['flespi', [['mqtt', 1883], ['mqtts', 8883], ['ws', 80], ['wss', 443]]],
  ])('the %s presets offer its listeners', (broker, listeners) => {
    const ours = PUBLIC_BROKER_PRESETS.filter((preset) => preset.id.startsWith(`${broker}-`)).map((p) => [p.profile.transport, p.profile.port]);
    expect(ours).toEqual(listeners);
  });

  it('every public preset is one host per broker, never this machine', () => {
    for (const broker of ['mosquitto', 'hivemq', 'emqx', 'flespi']) {
      const hosts = new Set(PUBLIC_BROKER_PRESETS.filter((p) => p.id.startsWith(`${broker}-`)).map((p) => p.profile.host));
      expect(hosts.size, broker).toBe(1);
      expect([...hosts][0]).not.toMatch(/^(127\.|localhost$)/);
    }
  });

  it('HiveMQ and EMQX WebSockets use the /mqtt path', () => {
    const paths = PUBLIC_BROKER_PRESETS.filter((p) => p.profile.transport.startsWith('ws') && /^(hivemq|emqx)-/.test(p.id)).map((p) => p.profile.path);
    expect(paths).toEqual(['/mqtt', '/mqtt', '/mqtt']);
  });

  it('TLS presets verify the server', () => {
    for (const preset of PUBLIC_BROKER_PRESETS.filter((p) => p.profile.transport === 'mqtts' || p.profile.transport === 'wss')) {
      expect(preset.profile.tls?.verifyServer).toBe(true);
    }
  });

  it('flespi presets say a token goes in the username', () => {
    for (const preset of PUBLIC_BROKER_PRESETS.filter((p) => p.id.startsWith('flespi-'))) {
      expect(preset.note).toMatch(/token in Username/);
    }
  });

  it('each use gets its own client ID', () => {
    const [preset] = PUBLIC_BROKER_PRESETS;
    expect(profileFromPreset(preset!).clientId).not.toBe(profileFromPreset(preset!).clientId);
  });
});
