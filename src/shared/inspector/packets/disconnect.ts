// DISCONNECT: empty in 3.1.1 (§3.14); in 5.0 (§3.14) an optional Reason Code and properties,
// e.g. the Session Expiry Interval, a Reason String, or a Server Reference to move to.

import type { ByteReader } from './byteReader';
import { REASON_STRING, SERVER_REFERENCE, stringProperty } from './properties';
import { readOptionalReason, type PacketContext } from './common';

export function decodeDisconnect(r: ByteReader, ctx: PacketContext): void {
  if (r.version !== 5) return;
  let summary = '';
  try {
    const { text, properties } = readOptionalReason(r, ctx, 'DISCONNECT');
    summary = text;
    const reason = stringProperty(properties, REASON_STRING);
    const server = stringProperty(properties, SERVER_REFERENCE);
    if (reason !== undefined) summary += `: ${reason}`;
    if (server !== undefined) summary += `, use server ${server}`;
  } finally {
    ctx.result.summary = summary;
  }
}
