import { z } from 'zod';
import { topicMatchesFilter, validateTopicFilter } from '../mqtt/topic';
import { PACKET_TYPES, type Direction, type PacketTypeName } from './packets/types';

/**
 * Which captured packets a packet view lists; every part optional, an empty query is every packet.
 * `topic` with + or # is an MQTT filter with real wildcard semantics, anything else a substring.
 */
export type PacketQuery = {
  type?: PacketTypeName;
  direction?: Direction;
  packetId?: number;
  topic?: string;
  /** Capture numbers first..last, both included: the packets of one broker-check row. */
  numbers?: { first: number; last: number };
};

export const packetQuerySchema = z.object({
  type: z.enum(PACKET_TYPES).optional(),
  direction: z.enum(['in', 'out']).optional(),
  packetId: z.number().int('Packet id is a number from 1 to 65535').min(1, 'Packet id is a number from 1 to 65535').max(65_535, 'Packet id is a number from 1 to 65535').optional(),
  topic: z.string().max(65_535).optional(),
  numbers: z.object({ first: z.number().int().min(1), last: z.number().int().min(1) }).optional(),
});

/** The fields of a packet a query looks at. */
export type QueriedPacket = { no: number; type: PacketTypeName; direction: Direction; packetId?: number; topic?: string };

export function isEmptyPacketQuery(query: PacketQuery): boolean {
  return query.type === undefined && query.direction === undefined && query.packetId === undefined && !query.topic && query.numbers === undefined;
}

/** The query as one predicate; undefined for the empty query (every packet). */
export function packetPredicate(query: PacketQuery): ((packet: QueriedPacket) => boolean) | undefined {
  const checks: ((packet: QueriedPacket) => boolean)[] = [];
  const { type, direction, packetId, topic, numbers } = query;
  if (numbers !== undefined) checks.push((packet) => packet.no >= numbers.first && packet.no <= numbers.last);
  if (type !== undefined) checks.push((packet) => packet.type === type);
  if (direction !== undefined) checks.push((packet) => packet.direction === direction);
  if (packetId !== undefined) checks.push((packet) => packet.packetId === packetId);
  if (topic) {
    const isFilter = /[+#]/.test(topic) && validateTopicFilter(topic) === null;
    checks.push((packet) => packet.topic !== undefined && (isFilter ? topicMatchesFilter(topic, packet.topic) : packet.topic.includes(topic)));
  }
  if (checks.length === 0) return undefined;
  return (packet) => checks.every((check) => check(packet));
}
