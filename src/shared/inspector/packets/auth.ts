// AUTH (5.0 only, §3.15): a step of enhanced authentication. Same layout as a 5.0 DISCONNECT.

import type { ByteReader } from './byteReader';
import { AUTHENTICATION_METHOD, stringProperty } from './properties';
import { readOptionalReason, type PacketContext } from './common';

export function decodeAuth(r: ByteReader, ctx: PacketContext): void {
  let summary = '';
  try {
    const { text, properties } = readOptionalReason(r, ctx, 'AUTH');
    summary = text;
    const method = stringProperty(properties, AUTHENTICATION_METHOD);
    if (method !== undefined) summary += `, method ${method}`;
  } finally {
    ctx.result.summary = summary;
  }
}
