import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import type { BrokerAccess } from '../../../shared/domain/brokerAccess';
import { verifyPassword } from './passwordHash';
import { mayPublish, maySubscribe, type AclClient } from './topicAcl';

export type AccessRefusal = {
  clientId: string;
  username?: string;
  what: 'connect' | 'publish' | 'subscribe';
  topic?: string;
  /** A sentence for the broker's log, e.g. "wrong password for alice". Never sent to the client. */
  reason: string;
};

export type AccessHooks = Required<Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>>;

/*
 * How Aedes 2.0.0-beta.1 turns what these hooks answer into packets on the wire
 * (lib/handlers/connect.js, publish.js, subscribe.js):
 *
 * CONNECT: an authenticate error's `returnCode` (only 2..5 are honoured, anything else becomes 5)
 * is the MQTT 3.1.1 CONNACK return code. For MQTT 5 Aedes maps that same number to a reason code
 * through a table: 4 → 0x86 Bad User Name or Password, 5 → 0x87 Not authorized. An error's
 * `reasonCode` is ignored here (it only counts together with a serverReference, for redirects), so
 * setting `returnCode` alone is what makes both protocol versions come out right.
 *
 * PUBLISH refused with an error: MQTT 5 keeps the connection; QoS 1/2 gets a PUBACK/PUBREC with
 * 0x87 Not authorized and the error's message as Reason String (so it is visible to the client and
 * must stay generic), QoS 0 is dropped silently. MQTT 3.1.1 has no way to say "refused" in a
 * PUBACK, so Aedes closes the connection (no PUBACK is sent), as MQTT-3.3.5-2 allows. (mosquitto
 * instead acknowledges and drops the message for 3.1.1 clients; the message is lost either way.)
 *
 * SUBSCRIBE: answering `(null, null)` refuses that one subscription: SUBACK 0x80 for 3.1.1 and
 * 0x87 Not authorized for MQTT 5, while the other filters in the same SUBSCRIBE are granted.
 * Answering with an error would instead fail the whole SUBSCRIBE and end the connection.
 */
const BAD_USERNAME_OR_PASSWORD = 4 as AuthenticateError['returnCode'];
const NOT_AUTHORIZED = 5 as AuthenticateError['returnCode'];
const SERVER_UNAVAILABLE = 3 as AuthenticateError['returnCode'];

// Aedes sends this text to MQTT 5 clients as the PUBACK/PUBREC Reason String: no internal detail.
const PUBLISH_REFUSED_MESSAGE = 'Not authorized';

// An unknown username costs the same scrypt run as a wrong password, so response time does not
// tell an attacker which usernames exist. Well-formed, and never equal to any real password's hash.
const NO_SUCH_USER_HASH = `scrypt$16384$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

function authError(returnCode: AuthenticateError['returnCode'], message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

/** Who the client is, for log sentences: the username, or the client id of an anonymous client. */
function describe(who: AclClient): string {
  return who.username ?? `anonymous client ${JSON.stringify(who.clientId)}`;
}

/**
 * Username/password and topic checks for an Aedes broker, following `getAccess()` at every check,
 * so an edited setup takes effect for the next CONNECT, PUBLISH or SUBSCRIBE without a restart.
 * `onRefusal` hears about every refusal, with a sentence saying why.
 */
export function accessHooks(getAccess: () => BrokerAccess, onRefusal: (refusal: AccessRefusal) => void): AccessHooks {
  // Aedes' Client does not keep the CONNECT's username, yet `%u` rules and per-user rules need it
  // on every PUBLISH and SUBSCRIBE. Weak, so a closed client's entry goes with it.
  const usernames = new WeakMap<Client, string>();

  const report = (refusal: AccessRefusal): void => {
    // A failing listener must not turn a refusal into a crash inside Aedes' packet handling.
    try {
      onRefusal(refusal);
    } catch {
      // Nothing more useful to do: the refusal itself still happens.
    }
  };

  const whoIs = (client: Client | null, fallbackClientId?: string): AclClient => {
    const username = client ? usernames.get(client) : undefined;
    const clientId = client?.id ?? fallbackClientId ?? '';
    return username === undefined ? { clientId } : { username, clientId };
  };

  const authenticate: AccessHooks['authenticate'] = (client, username, password, done) => {
    const clientId = client.id;
    // Decide first, answer Aedes once, outside the try: an exception thrown from inside Aedes'
    // callback must not come back here as a second answer.
    const decide = async (): Promise<{ returnCode: AuthenticateError['returnCode']; reason: string } | undefined> => {
      try {
        const access = getAccess();
        // No username at all is anonymous (mosquitto's allow_anonymous). An empty username is a
        // username, and no user can have it, so it falls through to "unknown user".
        if (username === undefined) {
          return access.anonymous ? undefined : { returnCode: NOT_AUTHORIZED, reason: `anonymous client ${JSON.stringify(clientId)} may not connect: anonymous access is off` };
        }
        const user = access.users.find((candidate) => candidate.username === username);
        const given = password === undefined ? undefined : Buffer.from(password).toString('utf8');
        const matches = await verifyPassword(user?.scryptHash ?? NO_SUCH_USER_HASH, given ?? '');
        if (!user) return { returnCode: BAD_USERNAME_OR_PASSWORD, reason: `unknown user ${username}` };
        if (given === undefined) return { returnCode: BAD_USERNAME_OR_PASSWORD, reason: `no password given for ${username}` };
        if (!matches) return { returnCode: BAD_USERNAME_OR_PASSWORD, reason: `wrong password for ${username}` };
        return undefined;
      } catch (error) {
        // getAccess() failing is our fault, not the client's: say so rather than "bad password".
        return { returnCode: SERVER_UNAVAILABLE, reason: `could not check the login: ${error instanceof Error ? error.message : String(error)}` };
      }
    };
    void decide().then((refusal) => {
      if (refusal === undefined) {
        if (username !== undefined) usernames.set(client, username);
        done(null, true);
        return;
      }
      report({ clientId, ...(username === undefined ? {} : { username }), what: 'connect', reason: refusal.reason });
      done(authError(refusal.returnCode, refusal.reason), false);
    });
  };

  const authorizePublish: AccessHooks['authorizePublish'] = (client, packet, done) => {
    // `client` is null only for a will Aedes publishes after its client is gone from this broker;
    // the will carries the client id, but the username is no longer known.
    const who = whoIs(client, (packet as { clientId?: string }).clientId);
    const topic = packet.topic;
    let reason: string | undefined;
    try {
      // Aedes' own default refuses these too: clients faking broker statistics (and $SYS floods, Aedes #597).
      if (topic.startsWith('$SYS/')) reason = `${describe(who)} may not publish to ${topic}: $SYS topics belong to the broker`;
      else if (!mayPublish(getAccess(), who, topic)) reason = `${describe(who)} may not publish to ${topic}`;
    } catch (error) {
      reason = `could not check whether ${describe(who)} may publish to ${topic}: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (reason === undefined) return done(null);
    report({ clientId: who.clientId, ...(who.username === undefined ? {} : { username: who.username }), what: 'publish', topic, reason });
    done(new Error(PUBLISH_REFUSED_MESSAGE));
  };

  const authorizeSubscribe: AccessHooks['authorizeSubscribe'] = (client, subscription, done) => {
    const who = whoIs(client);
    const topic = subscription.topic;
    let reason: string | undefined;
    try {
      if (!maySubscribe(getAccess(), who, topic)) reason = `${describe(who)} may not subscribe to ${topic}`;
    } catch (error) {
      reason = `could not check whether ${describe(who)} may subscribe to ${topic}: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (reason === undefined) return done(null, subscription);
    report({ clientId: who.clientId, ...(who.username === undefined ? {} : { username: who.username }), what: 'subscribe', topic, reason });
    // null, not an error: only this subscription is refused (see the note at the top).
    done(null, null);
  };

  return { authenticate, authorizePublish, authorizeSubscribe };
}
