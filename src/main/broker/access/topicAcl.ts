import type { AclRule, BrokerAccess } from '../../../shared/domain/brokerAccess';

/**
 * Topic access as mosquitto's ACL file decides it, so a setup behaves the same in the embedded
 * broker and after an export to mosquitto:
 *
 * - restrictTopics off: everything is allowed (mosquitto without an acl_file).
 * - restrictTopics on: only what a rule allows. The rules that apply are the user's own (found by
 *   username) plus `patterns`, which apply to every client.
 * - `%u` stands for the username and `%c` for the client id, anywhere in a rule. A rule with `%u`
 *   never applies to a client without a username (mosquitto skips such patterns too).
 * - `write`/`readwrite` allow publishing to a topic the rule matches; `read`/`readwrite` allow
 *   subscribing to a filter when every topic the filter could match is matched by the rule.
 * - Topics starting with `$` are not matched by a leading wildcard [MQTT-4.7.2-1].
 *
 * One deliberate difference: mosquitto 2 lets every SUBSCRIBE through and checks `read` on each
 * message it delivers; here a subscription is refused up front when it could reach a topic the
 * client may not read, so a user sees the refusal in the SUBACK rather than wondering why nothing
 * arrives. For any message actually delivered the two agree.
 */

export type AclClient = { username?: string; clientId: string };

const SHARE_PREFIX = '$share/';

export function mayPublish(access: BrokerAccess, who: AclClient, topic: string): boolean {
  if (!access.restrictTopics) return true;
  // A topic name holds no wildcards; brokers refuse such a PUBLISH before asking us anyway.
  if (topic.length === 0 || topic.includes('+') || topic.includes('#')) return false;
  const levels = topic.split('/');
  return applicableFilters(access, who, 'write').some((filter) => covers(filter, levels));
}

export function maySubscribe(access: BrokerAccess, who: AclClient, filter: string): boolean {
  if (!access.restrictTopics) return true;
  // A shared subscription ($share/group/filter) receives the messages of its filter, so that is
  // what must be readable; the group name grants nothing.
  const effective = sharedSubscriptionFilter(filter) ?? filter;
  if (effective.length === 0 || !wellFormedFilter(effective)) return false;
  const levels = effective.split('/');
  return applicableFilters(access, who, 'read').some((rule) => covers(rule, levels));
}

function sharedSubscriptionFilter(filter: string): string | undefined {
  if (!filter.startsWith(SHARE_PREFIX)) return undefined;
  const slash = filter.indexOf('/', SHARE_PREFIX.length);
  // A malformed $share filter is checked as it stands: no rule should happen to cover it.
  return slash > SHARE_PREFIX.length ? filter.slice(slash + 1) : undefined;
}

function wellFormedFilter(filter: string): boolean {
  const levels = filter.split('/');
  return levels.every((level, index) =>
    level.includes('#') ? level === '#' && index === levels.length - 1 : !level.includes('+') || level === '+',
  );
}

/** The rule filters (already split into levels, placeholders filled in) that grant `need` to this client. */
function applicableFilters(access: BrokerAccess, who: AclClient, need: 'read' | 'write'): string[][] {
  const user = who.username === undefined ? undefined : access.users.find((candidate) => candidate.username === who.username);
  const rules: AclRule[] = [...(user?.rules ?? []), ...access.patterns];
  const filters: string[][] = [];
  for (const rule of rules) {
    if (rule.access !== need && rule.access !== 'readwrite') continue;
    const filter = substitute(rule.pattern, who);
    if (filter !== undefined && wellFormedFilter(filter)) filters.push(filter.split('/'));
  }
  return filters;
}

/**
 * The rule's pattern with `%u` and `%c` filled in, or undefined when the rule cannot apply to this
 * client. A value holding `+`, `#` or `/` would turn into wildcards or extra levels and so widen
 * the rule (a client id `#` would make `clients/%c/#` match far more, a client id `bob/x` would
 * reach into bob's space under `clients/bob/`). mosquitto refuses all pattern access to a client
 * whose username or client id holds `+` or `#`; we refuse just the rules that would substitute
 * such a value, and treat `/` the same way. (mosquitto 2.0 does substitute a value with `/`: in
 * that one case an exported setup allows more than the embedded broker.)
 */
function substitute(pattern: string, who: AclClient): string | undefined {
  let refused = false;
  // One pass over the pattern, so a substituted value that itself contains `%u` is not expanded again.
  const filled = pattern.replace(/%[uc]/g, (placeholder) => {
    const value = placeholder === '%u' ? who.username : who.clientId;
    if (value === undefined || /[+#/]/.test(value)) {
      refused = true;
      return placeholder;
    }
    return value;
  });
  return refused ? undefined : filled;
}

function isWildcard(level: string | undefined): boolean {
  return level === '+' || level === '#';
}

/**
 * True when every topic `filter` matches is also matched by `rule` (both split into levels). A
 * topic name is a filter without wildcards, so the same test answers "may publish to this topic".
 */
function covers(rule: string[], filter: string[]): boolean {
  // [MQTT-4.7.2-1] A rule starting with a wildcard never matches a `$` topic. A filter that starts
  // with a wildcard does not reach `$` topics either, so only a literal `$…` first level counts.
  if (isWildcard(rule[0]) && !isWildcard(filter[0]) && (filter[0] ?? '').startsWith('$')) return false;
  for (let i = 0; i < rule.length; i++) {
    const ruleLevel = rule[i];
    // `#` matches this level and everything below it, and also the parent itself (`a/#` matches
    // `a`) [MQTT-4.7.1-2]: whatever the filter still has left, the rule takes it.
    if (ruleLevel === '#') return true;
    const filterLevel = filter[i];
    // The filter's topics end here but the rule needs another level.
    if (filterLevel === undefined) return false;
    // The filter's `#` reaches any depth, which only a rule's `#` (handled above) covers.
    if (filterLevel === '#') return false;
    // The filter's `+` reaches any value at this level, which only a rule's `+` covers.
    if (filterLevel === '+') {
      if (ruleLevel !== '+') return false;
      continue;
    }
    if (ruleLevel !== '+' && ruleLevel !== filterLevel) return false;
  }
  // The rule has run out of levels: it covers only filters of exactly the same depth.
  return filter.length === rule.length;
}
