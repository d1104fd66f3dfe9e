import type { AclRule, BrokerAccess, BrokerUser } from '../../../shared/domain/brokerAccess';

/**
 * The embedded broker's access setup as mosquitto 2 files: mosquitto.conf, a password file and an
 * ACL file, for a user who moves to mosquitto. What mosquitto cannot express the same way is left
 * out (so mosquitto allows less, never more) with a comment saying what and why.
 */

export type MosquittoListeners = { mqttPort: number; wsPort?: number; host: string };
export type MosquittoFiles = { 'mosquitto.conf': string; passwd: string; acl: string };

export function exportForMosquitto(access: BrokerAccess, listeners: MosquittoListeners): MosquittoFiles {
  return {
    'mosquitto.conf': conf(access, listeners),
    passwd: passwd(access.users),
    acl: acl(access),
  };
}

function conf(access: BrokerAccess, listeners: MosquittoListeners): string {
  const lines = [
    '# mosquitto 2 configuration exported by QoScope.',
    '#',
    '# Put the files passwd and acl beside this file. mosquitto opens password_file and acl_file as',
    '# given: a relative name is looked up from the directory mosquitto is started in, not from the',
    '# directory of this file. So either start it from here (cd to this directory, then',
    '# `mosquitto -c mosquitto.conf`), or replace the names below with absolute paths.',
    '',
    // Each `listener` opens a port; mosquitto 2 listens nowhere else. `protocol` applies to the
    // listener line just before it.
    `listener ${listeners.mqttPort} ${listeners.host}`,
  ];
  if (listeners.wsPort !== undefined) {
    lines.push(`listener ${listeners.wsPort} ${listeners.host}`, 'protocol websockets');
    if (access.allowedOrigins.length > 0) {
      lines.push(
        '# mosquitto has no setting to check the Origin of WebSocket clients: any web page the user',
        `# opens may connect here, not only ${access.allowedOrigins.join(', ')}. Passwords (and the ACL, if used) still apply.`,
      );
    }
  }
  lines.push('', `allow_anonymous ${access.anonymous ? 'true' : 'false'}`, 'password_file passwd');
  if (access.restrictTopics) {
    lines.push('acl_file acl');
  } else {
    // mosquitto without an acl_file lets every client use every topic, as QoScope does here.
    lines.push('# Topics are not restricted, so no acl_file: every client may use every topic.');
  }
  return lines.join('\n') + '\n';
}

/**
 * Why a user cannot be written to mosquitto's files, or undefined when it can. mosquitto reads one
 * `name:hash` per line, trims blanks around the name and treats a line starting with `#` as a
 * comment; the domain's username rules already keep out ':' and control characters.
 */
function unexportableUser(user: BrokerUser): string | undefined {
  if (/[\r\n:]/.test(user.username)) return "it contains ':' or a line break";
  if (user.username !== user.username.trim()) return 'mosquitto trims spaces around a username';
  if (user.username.startsWith('#')) return "mosquitto reads a password line starting with '#' as a comment";
  if (!/^\$7\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/.test(user.mosquittoHash)) return 'it has no mosquitto password hash (set the password again)';
  return undefined;
}

function passwd(users: BrokerUser[]): string {
  // No comments in this file: mosquitto_passwd rewrites it and would not expect them. A user left
  // out here simply cannot log in to mosquitto; the acl file says why.
  return users
    .filter((user) => unexportableUser(user) === undefined)
    .map((user) => `${user.username}:${user.mosquittoHash}\n`)
    .join('');
}

/**
 * Why mosquitto could not read this topic filter back as written, or undefined: the line is read
 * to its end with blanks trimmed, and a line break would end it early.
 */
function unwritableTopic(topic: string): string | undefined {
  if (/[\r\n]/.test(topic)) return 'it contains a line break';
  if (topic !== topic.trim()) return 'mosquitto trims spaces at the start and end of a topic';
  return undefined;
}

/** For comments: a rule as it would have been written, with anything line-breaking made visible. */
function quoted(rule: AclRule): string {
  return `${rule.access} ${JSON.stringify(rule.pattern)}`;
}

function acl(access: BrokerAccess): string {
  const lines = [
    '# mosquitto 2 ACL exported by QoScope.',
    '# Lines before the first `user` line would apply to clients without a username: there are none,',
    '# so anonymous clients get only the `pattern` lines without %u.',
  ];

  if (access.patterns.length > 0) {
    // Patterns apply to every client, wherever they stand in the file; mosquitto fills in %u
    // (username) and %c (client id) itself, as QoScope does.
    lines.push('', '# For every client: %u is the username, %c the client id.');
    if (access.patterns.some((rule) => /%[uc]/.test(rule.pattern))) {
      // Checked with mosquitto 2.0.11: client id `bob/x` may publish to clients/bob/x/… under
      // `pattern readwrite clients/%c/#`. QoScope does not apply such a rule to such a client.
      lines.push("# Unlike QoScope, mosquitto also fills in a client id or username that contains '/',", '# so such a client reaches deeper levels: e.g. client id bob/x and clients/%c/# give clients/bob/x/#.');
    }
    for (const rule of access.patterns) {
      const problem = unwritableTopic(rule.pattern);
      lines.push(problem ? `# left out, ${problem}: pattern ${quoted(rule)}` : `pattern ${rule.access} ${rule.pattern}`);
    }
  }

  for (const user of access.users) {
    const problem = unexportableUser(user);
    if (problem) {
      lines.push('', `# user ${JSON.stringify(user.username)} left out: ${problem}.`);
      continue;
    }
    if (user.rules.length === 0) continue;
    lines.push('', `user ${user.username}`);
    for (const rule of user.rules) lines.push(userRuleLine(user.username, rule));
  }
  return lines.join('\n') + '\n';
}

/**
 * One `topic` line for a user's rule. mosquitto fills in %u and %c only in `pattern` lines, never
 * in `topic` lines, so %u is written out here (the user is known); a rule with %c cannot be said in
 * a user's section at all (a `pattern` would give it to every client) and is left out.
 */
function userRuleLine(username: string, rule: AclRule): string {
  if (rule.pattern.includes('%c')) {
    return `# left out, mosquitto has no %c in a user's rules: topic ${quoted(rule)}`;
  }
  if (rule.pattern.includes('%u') && /[+#/]/.test(username)) {
    // The embedded broker does not apply such a rule either (see topicAcl.ts): it would widen it.
    return `# left out, the username contains +, # or / and would widen the rule: topic ${quoted(rule)}`;
  }
  const topic = rule.pattern.replace(/%u/g, () => username);
  const problem = unwritableTopic(topic);
  return problem ? `# left out, ${problem}: topic ${quoted(rule)}` : `topic ${rule.access} ${topic}`;
}
