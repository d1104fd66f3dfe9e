// CONNECT: MQTT 3.1 (protocol "MQIsdp", level 3), 3.1.1 §3.1 (level 4), 5.0 §3.1 (level 5).
// The packet names its own protocol level, which decides the rest of its layout.

import { type ByteReader, DecodeStop } from './byteReader';
import { readProperties } from './properties';
import type { Field } from './types';
import { checkTopicName, describeQos, type PacketContext } from './common';

const SECRET_MASK = '••••••';

const VERSION_NAMES: Record<number, string> = { 3: 'MQTT 3.1', 4: 'MQTT 3.1.1', 5: 'MQTT 5.0' };
const PROTOCOL_NAMES: Record<number, string> = { 3: 'MQIsdp', 4: 'MQTT', 5: 'MQTT' };

type ConnectFlags = { username: boolean; password: boolean; will: boolean; clean: boolean };
/** What the summary line needs, as far as decoding got. */
type Seen = { level?: number; clientId?: string; clean?: boolean; keepAlive?: number; username?: string; will?: boolean };

export function decodeConnect(r: ByteReader, ctx: PacketContext): void {
  const seen: Seen = {};
  try {
    const name = r.utf8('Protocol name');
    const level = r.byte('Protocol level', (v) => `${v}${VERSION_NAMES[v] ? ` (${VERSION_NAMES[v]})` : ''}`);
    seen.level = level.value;
    if (level.value !== 3 && level.value !== 4 && level.value !== 5) {
      r.flag(level.field, `unsupported protocol level ${level.value} [MQTT-3.1.2-2]`);
      throw new DecodeStop('unparseable', 'unknown protocol level', true);
    }
    r.version = level.value;
    const expected = PROTOCOL_NAMES[level.value];
    if (name.value !== expected) {
      r.flag(name.field, `must be "${expected}" for protocol level ${level.value} ${r.cite('(3.1.1 §3.1.2.1)', '(5.0 §3.1.2.1)')}`);
    }

    const flags = readConnectFlags(r);
    seen.clean = flags.clean;
    seen.will = flags.will;
    seen.keepAlive = r.twoByte('Keep alive', (v) => (v === 0 ? '0 (disabled)' : `${v} s`)).value;
    if (r.version === 5) readProperties(r, 'CONNECT');

    const clientId = r.utf8('Client identifier');
    seen.clientId = clientId.value;
    checkClientId(r, clientId.field, clientId.value, flags.clean);
    if (flags.will) {
      if (r.version === 5) readProperties(r, 'Will', 'Will properties');
      const topic = r.utf8('Will topic');
      checkTopicName(r, topic.field, topic.value);
      r.binary(r.version === 5 ? 'Will payload' : 'Will message');
    }
    if (flags.username) seen.username = r.utf8('User name').value;
    if (flags.password) readPassword(r, ctx.revealSecrets);
  } finally {
    ctx.result.summary = summarize(seen);
  }
}

function readConnectFlags(r: ByteReader): ConnectFlags {
  const flags: ConnectFlags = { username: false, password: false, will: false, clean: false };
  r.bitField('Connect flags', (v, at) => {
    const bit = (name: string, value: string) => r.add(name, at, at + 1, value);
    const yesNo = (set: boolean) => (set ? '1 (set)' : '0');
    flags.username = (v & 0x80) !== 0;
    flags.password = (v & 0x40) !== 0;
    flags.will = (v & 0x04) !== 0;
    flags.clean = (v & 0x02) !== 0;
    const willRetain = (v & 0x20) !== 0;
    const willQos = (v >> 3) & 0b11;
    bit('User name flag', yesNo(flags.username));
    const password = bit('Password flag', yesNo(flags.password));
    const retain = bit('Will retain', yesNo(willRetain));
    const qos = bit('Will QoS', describeQos(willQos));
    bit('Will flag', yesNo(flags.will));
    bit(r.version === 5 ? 'Clean start' : 'Clean session', yesNo(flags.clean));
    const reserved = bit('Reserved', String(v & 1));
    if (v & 1) r.flag(reserved, 'must be 0 [MQTT-3.1.2-3]');
    if (!flags.will && willQos !== 0) r.flag(qos, `must be 0 when the Will flag is 0 ${r.cite('[MQTT-3.1.2-13]', '[MQTT-3.1.2-11]')}`);
    if (!flags.will && willRetain) r.flag(retain, `must be 0 when the Will flag is 0 ${r.cite('[MQTT-3.1.2-15]', '[MQTT-3.1.2-13]')}`);
    if (willQos === 3) r.malformed(qos, `Will QoS 3 is not allowed ${r.cite('[MQTT-3.1.2-14]', '(5.0 §3.1.2.6)')}`);
    // 5.0 lets a password go without a user name (§3.1.2.9); 3.1 and 3.1.1 do not.
    if (r.version !== 5 && flags.password && !flags.username) {
      r.flag(password, 'must be 0 when the User name flag is 0 [MQTT-3.1.2-22]');
    }
  });
  return flags;
}

function checkClientId(r: ByteReader, field: Field, id: string | undefined, clean: boolean): void {
  if (id === undefined) return;
  if (r.version === 4 && id.length === 0 && !clean) {
    r.flag(field, 'a zero-byte Client Identifier requires Clean Session 1 [MQTT-3.1.3-7]');
  }
  // MQTT 3.1 §3.1 limits the Client Identifier to 1–23 characters.
  if (r.version === 3 && (id.length === 0 || id.length > 23)) {
    r.flag(field, 'MQTT 3.1 requires 1 to 23 characters (3.1 §3.1)');
  }
}

function readPassword(r: ByteReader, reveal: boolean): void {
  const password = r.binary('Password').field;
  password.secret = true;
  if (!reveal) {
    // The length would give part of the secret away, so the masked field has no children.
    password.value = SECRET_MASK;
    delete password.children;
  }
}

function summarize(seen: Seen): string {
  const parts: string[] = [];
  if (seen.clientId !== undefined) parts.push(seen.clientId === '' ? 'client (empty)' : `client ${seen.clientId}`);
  if (seen.clean !== undefined) parts.push(seen.clean ? 'clean' : 'resume session');
  if (seen.keepAlive !== undefined) parts.push(`keepalive ${seen.keepAlive}`);
  if (seen.username !== undefined) parts.push(`user ${seen.username}`);
  if (seen.will) parts.push('will');
  if (seen.level !== undefined) parts.push(VERSION_NAMES[seen.level] ?? `protocol level ${seen.level}`);
  return parts.join(', ');
}
