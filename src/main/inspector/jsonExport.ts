import type { ProtocolVersion } from '../../shared/domain/profile';
import { decodePacket } from '../../shared/inspector/packets/decodePacket';
import type { CapturedPacket, Field, PacketRow } from '../../shared/inspector/packets/types';
import { maskSecretBytes } from '../../shared/inspector/maskSecrets';

type ExportedField = { name: string; value: string; offset: number; length: number; problem?: string; children?: ExportedField[] };

/** A capture as JSON: every packet with its hex bytes and decoded fields (passwords masked unless revealed). */
export function captureToJson(
  entries: readonly { packet: CapturedPacket; row: PacketRow; protocolVersion: ProtocolVersion }[],
  revealSecrets: boolean,
): string {
  const packets = entries.map(({ packet, row, protocolVersion }) => {
    const decoded = decodePacket(packet.bytes, { protocolVersion, revealSecrets, direction: packet.direction });
    // A masked password must not leak through the hex dump either.
    const hex = revealSecrets ? toHex(packet.bytes) : toHex(maskSecretBytes(packet.bytes, decoded.fields));
    return {
      no: packet.no,
      time: new Date(packet.time).toISOString(),
      timeEpochMs: packet.time,
      direction: packet.direction,
      socket: packet.socket,
      type: row.type,
      summary: row.summary,
      problems: row.problems,
      hex,
      fields: decoded.fields.map(exportField),
    };
  });
  return JSON.stringify({ format: 'qoscope-capture', version: 1, packets }, null, 2);
}

function exportField(field: Field): ExportedField {
  return {
    name: field.name,
    value: field.value,
    offset: field.start,
    length: field.end - field.start,
    ...(field.problem ? { problem: field.problem } : {}),
    ...(field.children ? { children: field.children.map(exportField) } : {}),
  };
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
