// CONNACK: 3.1.1 §3.2, 5.0 §3.2. MQTT 3.1 had no Session Present: its first byte was unused.

import { bits, type ByteReader, type Read } from './byteReader';
import { ASSIGNED_CLIENT_IDENTIFIER, readProperties, stringProperty } from './properties';
import { readReasonCode, type PacketContext } from './common';

export function decodeConnack(r: ByteReader, ctx: PacketContext): void {
  let sessionPresent = false;
  let refusal: string | undefined;
  let assigned: string | undefined;
  try {
    const flags = r.version === 3 ? r.byte('Reserved (MQTT 3.1)') : readAcknowledgeFlags(r);
    sessionPresent = r.version !== 3 && (flags.value & 1) === 1;
    const reason = readReasonCode(r, 'CONNACK', r.version === 5 ? 'Reason code' : 'Return code');
    ctx.result.reasonCode = reason.code;
    if (reason.code !== 0) {
      refusal = reason.text;
      if (sessionPresent) {
        r.flag(flags.field, `Session Present must be 0 with a non-zero code ${r.cite('[MQTT-3.2.2-4]', '[MQTT-3.2.2-6]')}`);
      }
    }
    if (r.version === 5) assigned = stringProperty(readProperties(r, 'CONNACK'), ASSIGNED_CLIENT_IDENTIFIER);
  } finally {
    ctx.result.summary = refusal ?? (ctx.result.reasonCode === 0 ? accepted(sessionPresent, assigned) : '');
  }
}

function readAcknowledgeFlags(r: ByteReader): Read<number> {
  return r.bitField('Acknowledge flags', (v, at) => {
    r.add('Session present', at, at + 1, v & 1 ? '1 (session resumed)' : '0');
    const reserved = r.add('Reserved', at, at + 1, bits(v >> 1, 7));
    if (v & 0xfe) r.flag(reserved, `bits 7-1 must be 0 ${r.cite('(3.1.1 §3.2.2.1)', '[MQTT-3.2.2-1]')}`);
  });
}

function accepted(sessionPresent: boolean, assignedClientId: string | undefined): string {
  let line = 'Accepted';
  if (sessionPresent) line += ', session present';
  if (assignedClientId !== undefined) line += `, assigned client ${assignedClientId}`;
  return line;
}
