import { randomClientId, profileSchema, DEFAULT_PROFILE, type ConnectionProfile, type ProtocolVersion, type Transport } from '../../shared/domain/profile';
import { UsageError } from './cliErrors';
import { savedProfile } from './savedProfile';

/** The connection flags people know from mosquitto_pub / mosquitto_sub, for node:util parseArgs. */
export const CONNECTION_OPTIONS = {
  host: { type: 'string', short: 'h' },
  port: { type: 'string', short: 'p' },
  url: { type: 'string', short: 'L' },
  username: { type: 'string', short: 'u' },
  password: { type: 'string', short: 'P' },
  id: { type: 'string', short: 'i' },
  keepalive: { type: 'string', short: 'k' },
  'protocol-version': { type: 'string', short: 'V' },
  cafile: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  insecure: { type: 'boolean' },
  'clean-session': { type: 'boolean' },
  'no-clean-session': { type: 'boolean', short: 'c' },
  profile: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean' },
} as const;

export type ConnectionFlags = {
  host?: string | undefined;
  port?: string | undefined;
  url?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  id?: string | undefined;
  keepalive?: string | undefined;
  'protocol-version'?: string | undefined;
  cafile?: string | undefined;
  cert?: string | undefined;
  key?: string | undefined;
  insecure?: boolean | undefined;
  'no-clean-session'?: boolean | undefined;
  profile?: string | undefined;
  'data-dir'?: string | undefined;
};

const VERSIONS: Record<string, ProtocolVersion> = { '5': 5, mqttv5: 5, '311': 4, 'mqttv311': 4, '3.1.1': 4, '31': 3, mqttv31: 3, '3.1': 3 };
const SCHEMES: Record<string, Transport> = { 'mqtt:': 'mqtt', 'mqtts:': 'mqtts', 'ws:': 'ws', 'wss:': 'wss' };

/** A whole number flag within bounds, or a usage error that names the flag. */
export function wholeNumberFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`${flag} ${text}: give a whole number from ${min} to ${max}`);
  return value;
}

/**
 * The connection profile the flags describe: `-L mqtt[s]|ws[s]://[user[:pass]@]host[:port][/path]`
 * or -h/-p, then the other flags on top (they win over the URL). Checked by the same rules as the
 * app's connection form; a problem names the flag.
 */
export function profileFromFlags(flags: ConnectionFlags, defaults: Partial<ConnectionProfile> = {}): ConnectionProfile {
  let fromUrl: Partial<ConnectionProfile> = {};
  if (flags.url !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.url);
    } catch {
      throw new UsageError(`-L ${flags.url}: not a URL; write it as mqtt://host:1883 (or mqtts://, ws://, wss://)`);
    }
    const transport = SCHEMES[url.protocol];
    if (!transport) throw new UsageError(`-L ${flags.url}: the scheme must be mqtt, mqtts, ws or wss`);
    fromUrl = {
      transport,
      host: url.hostname.replace(/^\[|\]$/g, ''),
      ...(url.port ? { port: Number(url.port) } : { port: transport === 'mqtt' ? 1883 : transport === 'mqtts' ? 8883 : transport === 'ws' ? 8083 : 8084 }),
      ...(transport === 'ws' || transport === 'wss' ? { path: url.pathname && url.pathname !== '/' ? url.pathname : '/mqtt' } : {}),
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    };
  }
  const version = flags['protocol-version'];
  const protocolVersion = version === undefined ? undefined : VERSIONS[version.toLowerCase()];
  if (version !== undefined && protocolVersion === undefined) throw new UsageError(`-V ${version}: use 5, 311 or 31 (mqttv5, mqttv311, mqttv31)`);
  const tlsWanted = flags.cafile !== undefined || flags.cert !== undefined || flags.insecure === true;
  const base = { ...DEFAULT_PROFILE, name: 'qoscope cli', clientId: randomClientId(), reconnect: { enabled: false, minDelay: 1, maxDelay: 1 }, history: false, ...defaults, ...fromUrl };
  const transport = tlsWanted && base.transport === 'mqtt' && flags.url === undefined ? 'mqtts' : base.transport;
  const candidate = {
    ...base,
    transport,
    ...(flags.host !== undefined ? { host: flags.host } : {}),
    ...(flags.port !== undefined ? { port: wholeNumberFlag('-p', flags.port, 1, 65535) } : {}),
    ...(flags.username !== undefined ? { username: flags.username } : {}),
    ...(flags.password !== undefined ? { password: flags.password } : {}),
    ...(flags.id !== undefined ? { clientId: flags.id } : {}),
    ...(flags.keepalive !== undefined ? { keepalive: wholeNumberFlag('-k', flags.keepalive, 0, 65535) } : {}),
    ...(protocolVersion !== undefined ? { protocolVersion } : {}),
    ...(flags['no-clean-session'] ? { clean: false } : {}),
    ...(tlsWanted || transport === 'mqtts' || transport === 'wss'
      ? { tls: { caFiles: flags.cafile ? [flags.cafile] : (base.tls?.caFiles ?? []), ...(flags.cert ? { certFile: flags.cert } : {}), ...(flags.key ? { keyFile: flags.key } : {}), verifyServer: !flags.insecure } }
      : {}),
  };
  const parsed = profileSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${flagOf(issue?.path.join('.') ?? '')}: ${issue?.message ?? 'not valid'}`);
  }
  return parsed.data;
}

/**
 * The profile for a command: `--profile NAME` (a connection saved in QoScope) with the flags on
 * top, or the flags alone.
 */
export async function connectionProfile(flags: ConnectionFlags, warn: (line: string) => void): Promise<ConnectionProfile> {
  if (flags['data-dir'] !== undefined && flags.profile === undefined) throw new UsageError('--data-dir is where --profile NAME is looked up: give --profile too');
  if (flags.profile === undefined) return profileFromFlags(flags);
  const saved = await savedProfile(flags.profile, flags['data-dir'], warn);
  // A URL on top replaces the saved address as a whole, as it would when typed alone.
  return profileFromFlags(flags, saved);
}

/** The flag a profile field comes from, for error messages. */
function flagOf(field: string): string {
  const flags: Record<string, string> = { host: '-h', port: '-p', clientId: '-i', keepalive: '-k', username: '-u', password: '-P', 'tls.caFiles.0': '--cafile', 'tls.certFile': '--cert', 'tls.keyFile': '--key' };
  return flags[field] ?? field;
}
