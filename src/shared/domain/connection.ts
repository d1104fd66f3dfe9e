import type { ConnectionProfile, TlsOptions } from './profile';
import type { QoS } from './message';

/** The lifecycle a user sees next to each connection. Times are ms since the epoch. */
export type ConnectionState =
  | { status: 'idle' }
  | { status: 'connecting'; attempt: number }
  | {
      status: 'connected';
      sessionPresent: boolean;
      since: number;
      broker?: ConnackProperties;
      /** TLS with verification on: the store that verified the broker, e.g. "your CA file ca.pem". */
      verifiedBy?: string;
    }
  | { status: 'reconnecting'; attempt: number; nextAttemptAt: number; reason: string }
  | { status: 'closed'; reason: string; at: number; error: boolean };

/** What an MQTT 5 broker announced in CONNACK (absent fields: the broker used the default). */
export type ConnackProperties = {
  sessionExpiryInterval?: number;
  receiveMaximum?: number;
  maximumQoS?: number;
  retainAvailable?: boolean;
  maximumPacketSize?: number;
  assignedClientIdentifier?: string;
  topicAliasMaximum?: number;
  reasonString?: string;
  userProperties?: Record<string, string | string[]>;
  wildcardSubscriptionAvailable?: boolean;
  subscriptionIdentifiersAvailable?: boolean;
  sharedSubscriptionAvailable?: boolean;
  serverKeepAlive?: number;
  responseInformation?: string;
  serverReference?: string;
};

/** Outgoing QoS 1/2 publishes: unacknowledged, waiting for a slot, and the broker's limit. */
export type OutgoingFlow = { inFlight: number; queued: number; receiveMaximum: number };

/** What the user asks for when subscribing; the v5 options are ignored by 3.x brokers. */
export type SubscribeRequest = {
  filter: string;
  qos: QoS;
  /** MQTT 5: keep the publisher's RETAIN flag, so the log shows what was sent. */
  retainAsPublished?: boolean;
  /** MQTT 5: don't deliver our own publishes back to us. */
  noLocal?: boolean;
  /** MQTT 5: 0 send retained on subscribe, 1 only if the subscription is new, 2 never. */
  retainHandling?: 0 | 1 | 2;
};

export type SubscriptionInfo = SubscribeRequest & {
  /** What the broker granted; may be lower than asked for. Undefined until SUBACK. */
  grantedQos?: QoS;
  status: 'pending' | 'active' | 'failed';
  error?: string;
};

/** A profile as the UI sees it: the password never leaves the engine. */
export type PublicProfile = Omit<ConnectionProfile, 'password' | 'tls'> & {
  tls?: Omit<TlsOptions, 'passphrase'>;
  hasPassword: boolean;
  hasPassphrase: boolean;
};

export type ConnectionInfo = {
  id: string;
  profile: PublicProfile;
  /** 'embedded' marks the ready-made connection to the embedded broker. */
  preset?: 'embedded';
  state: ConnectionState;
  subscriptions: SubscriptionInfo[];
  outgoing: OutgoingFlow;
};
