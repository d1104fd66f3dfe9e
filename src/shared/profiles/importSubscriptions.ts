import { MAX_SAVED_SUBSCRIPTIONS, savedSubscriptionSchema, type SavedSubscription } from '../domain/savedSubscription';
import { flag, isRecord, numeric, text } from './json';

/**
 * Saved subscriptions from another tool's connection: MQTTX writes `{topic, qos, color?,
 * alias?, nl?, rap?, rh?}`, MQTT Explorer `{topic, qos}`. Each one is checked like one the user
 * typed; what cannot be kept is said in `notes`, the rest is imported.
 */
export function importSubscriptions(raw: unknown, options: { v5: boolean }, notes: string[]): SavedSubscription[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const result: SavedSubscription[] = [];
  for (const item of raw) {
    const candidate = candidateOf(item, options.v5);
    if (!candidate) {
      notes.push('A saved subscription without a topic filter was not imported');
      continue;
    }
    const parsed = savedSubscriptionSchema.safeParse(candidate);
    if (!parsed.success) {
      notes.push(`The subscription "${candidate.filter}" was not imported: ${parsed.error.issues[0]?.message ?? 'it is not valid'}`);
      continue;
    }
    if (result.some((sub) => sub.filter === parsed.data.filter)) continue;
    if (result.length === MAX_SAVED_SUBSCRIPTIONS) {
      notes.push(`Only the first ${MAX_SAVED_SUBSCRIPTIONS} saved subscriptions were imported`);
      break;
    }
    result.push(parsed.data);
  }
  return result.length > 0 ? result : undefined;
}

type Candidate = Record<string, unknown> & { filter: string };

function candidateOf(item: unknown, v5: boolean): Candidate | undefined {
  if (typeof item === 'string') return item ? { filter: item, qos: 0 } : undefined;
  if (!isRecord(item)) return undefined;
  const filter = text(item.topic);
  if (!filter) return undefined;
  const qos = numeric(item.qos) ?? 0;
  const candidate: Candidate = { filter, qos: qos === 1 || qos === 2 ? qos : 0 };
  const color = text(item.color);
  // A colour we cannot show is not worth refusing the subscription for.
  if (color && /^#[0-9a-fA-F]{6}$/.test(color)) candidate.color = color;
  const alias = text(item.alias)?.trim().slice(0, 100);
  if (alias) candidate.alias = alias;
  // The MQTT 5 options mean nothing to a 3.x broker, so they are only kept for 5.0 connections.
  if (v5) {
    if (flag(item.nl)) candidate.noLocal = true;
    if (flag(item.rap)) candidate.retainAsPublished = true;
    const rh = numeric(item.rh);
    if (rh === 1 || rh === 2) candidate.retainHandling = rh;
  }
  return candidate;
}
