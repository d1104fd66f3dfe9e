// Topic names and filters per MQTT 3.1.1 / 5.0 section 4.7. Validators return a message a user
// can act on (or null), because the workbench shows them inline next to the input.

import { hasLoneSurrogate, utf8ByteLength } from '../payload/utf8';

// UTF-8 encoded strings carry a two-byte length prefix [MQTT-1.5.3], hence the byte limit.
const MAX_TOPIC_BYTES = 65_535;
const SHARE_PREFIX = '$share/';

// Fixed grouping rather than toLocaleString, so messages (and tests) do not depend on the
// host's locale.
function groupThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
}

// Checks shared by names and filters, in the order a user would most want to hear about.
function validateCommon(text: string, noun: 'Topic' | 'Topic filter'): string | null {
  if (text.length === 0) return `${noun} must not be empty`;
  if (text.includes('\u0000')) return `${noun} must not contain the NUL character`;
  if (hasLoneSurrogate(text)) {
    return `${noun} contains an unpaired surrogate, which cannot be encoded as UTF-8`;
  }
  const bytes = utf8ByteLength(text);
  if (bytes > MAX_TOPIC_BYTES) {
    return `${noun} is ${groupThousands(bytes)} bytes in UTF-8; the limit is ${groupThousands(MAX_TOPIC_BYTES)}`;
  }
  return null;
}

export function isSystemTopic(topic: string): boolean {
  return topic.startsWith('$');
}

export function validateTopicName(topic: string): string | null {
  const common = validateCommon(topic, 'Topic');
  if (common !== null) return common;
  if (topic.includes('+') || topic.includes('#')) {
    return 'Wildcards + and # are not allowed in a publish topic';
  }
  return null;
}

// Wildcard placement only; shared by validation and matching so both agree on what a
// well-formed filter is.
function wildcardPlacementError(filter: string): string | null {
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i] ?? '';
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) {
      return '# must be the last level and stand alone (e.g. home/#)';
    }
    if (level.includes('+') && level !== '+') {
      return '+ must occupy a whole level (e.g. home/+/temp)';
    }
  }
  return null;
}

type SharedSplit = { group: string; filter: string } | { error: string };

// `$share/{ShareName}/{filter}` [MQTT-4.8.2-1], [MQTT-4.8.2-2]. Returns null for a filter that
// is not a shared subscription at all.
function splitShared(filter: string): SharedSplit | null {
  if (!filter.startsWith(SHARE_PREFIX)) return null;
  const rest = filter.slice(SHARE_PREFIX.length);
  const slash = rest.indexOf('/');
  const group = slash === -1 ? rest : rest.slice(0, slash);
  if (group.length === 0) {
    return { error: 'Shared subscription needs a group name: $share/group/filter' };
  }
  if (group.includes('+') || group.includes('#')) {
    return { error: 'Shared subscription group name must not contain + or #' };
  }
  if (slash === -1 || slash === rest.length - 1) {
    return { error: 'Shared subscription needs a topic filter after the group: $share/group/filter' };
  }
  return { group, filter: rest.slice(slash + 1) };
}

export function validateTopicFilter(filter: string): string | null {
  const common = validateCommon(filter, 'Topic filter');
  if (common !== null) return common;
  const shared = splitShared(filter);
  if (shared !== null && 'error' in shared) return shared.error;
  return wildcardPlacementError(shared === null ? filter : shared.filter);
}

// True when a message published to `topic` is delivered to a subscription on `filter`. For a
// shared subscription the broker matches against the part after the group, so we do too.
// Malformed wildcards never match, and neither does a topic that itself holds a wildcard,
// because a broker would have refused both.
export function topicMatchesFilter(filter: string, topic: string): boolean {
  if (filter.length === 0 || topic.length === 0) return false;
  if (topic.includes('+') || topic.includes('#')) return false;

  let effective = filter;
  const shared = splitShared(filter);
  if (shared !== null) {
    if ('error' in shared) return false;
    effective = shared.filter;
  }
  if (wildcardPlacementError(effective) !== null) return false;

  // [MQTT-4.7.2-1] keeps $SYS and friends out of catch-all subscriptions.
  if ((effective.startsWith('+') || effective.startsWith('#')) && isSystemTopic(topic)) {
    return false;
  }

  const filterLevels = effective.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    // # also matches the parent level itself, so `soda/#` matches `soda` [MQTT-4.7.1-2].
    // Reaching here means levels 0..i-1 already matched, so the topic has at least i levels.
    if (level === '#') return true;
    if (i >= topicLevels.length) return false;
    if (level !== '+' && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}
