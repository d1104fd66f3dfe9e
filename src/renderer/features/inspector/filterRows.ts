import { topicMatchesFilter, validateTopicFilter } from '../../../shared/mqtt/topic';
import type { PacketRow } from '../../../shared/inspector/packets/types';
import type { PacketFilter } from '../../store/inspectorSlice';

/**
 * Builds a row predicate from the filter bar. A topic with + or # is an MQTT filter with real
 * wildcard semantics; anything else matches as a substring.
 */
export function rowPredicate(filter: PacketFilter): ((row: PacketRow) => boolean) | undefined {
  const checks: ((row: PacketRow) => boolean)[] = [];
  if (filter.type !== 'any') checks.push((row) => row.type === filter.type);
  if (filter.direction !== 'any') checks.push((row) => row.direction === filter.direction);
  const id = filter.packetId.trim();
  if (id !== '') {
    const wanted = Number(id);
    checks.push((row) => row.packetId === wanted);
  }
  const topic = filter.topic;
  if (topic !== '') {
    const isFilter = /[+#]/.test(topic) && validateTopicFilter(topic) === null;
    checks.push((row) => row.topic !== undefined && (isFilter ? topicMatchesFilter(topic, row.topic) : row.topic.includes(topic)));
  }
  if (checks.length === 0) return undefined;
  return (row) => checks.every((check) => check(row));
}
