import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';
import { profileSchema, type ConnectionProfile } from '../domain/profile';
import { qosSchema, type QoS } from '../domain/message';
import type { LiveMessageBatchWire } from '../domain/liveBatch';
import type { ConnectionInfo } from '../domain/connection';
import { validateTopicFilter, validateTopicName } from '../mqtt/topic';
import { subscriptionColorSchema, type SavedSubscription } from '../domain/savedSubscription';
import type { CheckReport } from '../domain/brokerCheck';
import { PAYLOAD_FORMATS } from '../payload/codecs/codec';
import { publishTemplateSchema, type PublishTemplate } from '../domain/publishTemplate';
import { publishPropertiesSchema, type PublishProperties } from '../mqtt/publishProperties';

export type { SubscribeRequest } from '../domain/connection';
/** `properties`: MQTT 5 only; a 3.1.1 connection refuses a request that has them. */
export type PublishRequest = { topic: string; payload: Uint8Array; qos: QoS; retain: boolean; properties?: PublishProperties };

/** A profile being saved: the password may be left out to keep the stored one. */
export type ProfileUpdate = Omit<ConnectionProfile, 'password'> & { password?: string };

export interface ConnectionsService {
  list(): Promise<ConnectionInfo[]>;
  create(profile: ConnectionProfile): Promise<ConnectionInfo>;
  update(id: string, profile: ProfileUpdate): Promise<ConnectionInfo>;
  remove(id: string): Promise<void>;
  /** Resolves once connected; rejects with the reason in words if the first attempt fails. */
  connect(id: string): Promise<void>;
  disconnect(id: string): Promise<void>;
  /** Resolves with the subscription as the broker granted it; it is saved with the connection. */
  subscribe(id: string, request: SavedSubscription): Promise<ConnectionInfo>;
  /** Also removes it from the saved connection. */
  unsubscribe(id: string, filter: string): Promise<ConnectionInfo>;
  /** The whole payload of a kept message (undefined once the store dropped it). */
  payload(id: string, seq: number): Promise<Uint8Array | undefined>;
  /** Resolves when the broker acknowledged it (QoS 1/2) or it was written (QoS 0). */
  publish(id: string, request: PublishRequest): Promise<void>;
  /**
   * Which of these topics the broker still keeps a retained message for, asked by a short-lived
   * client of its own (after *Clear retained*: a broker may refuse to delete, as with `$SYS`).
   */
  retainedStill(id: string, topics: string[]): Promise<string[]>;
  /**
   * Probes the connection's broker with short-lived clients of its own (takes several seconds).
   * Their packets go to a capture of their own, `captureId`, read like a connection's.
   */
  checkBroker(id: string): Promise<CheckReport>;
  /** Saved with the connection, in place of the template of the same name if there is one. */
  saveTemplate(id: string, template: PublishTemplate): Promise<ConnectionInfo>;
  deleteTemplate(id: string, name: string): Promise<ConnectionInfo>;
  /** The whole list, whenever any connection's profile, state or subscriptions change. */
  onDidChangeConnections: Event<ConnectionInfo[]>;
  /** Messages in and out, at most one event per batching interval (see LiveMessageBatch). */
  onDidReceiveMessages: Event<LiveMessageBatchWire>;
}

const id = z.string().min(1).max(100);

/** What one retained check asks about at most: a large subtree is checked in parts. */
export const MAX_RETAINED_CHECK = 10_000;

const topicName = z.string().superRefine((topic, ctx) => {
  const problem = validateTopicName(topic);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { errorCode: 'publish.invalid-topic' } });
});

export const subscribeRequestSchema = z.object({
  filter: z.string().superRefine((filter, ctx) => {
    const problem = validateTopicFilter(filter);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { errorCode: 'subscribe.invalid-filter' } });
  }),
  qos: qosSchema,
  retainAsPublished: z.boolean().optional(),
  noLocal: z.boolean().optional(),
  retainHandling: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  color: subscriptionColorSchema.optional(),
  alias: z.string().trim().max(100, 'Alias is longer than 100 characters').optional(),
  format: z.enum(PAYLOAD_FORMATS).optional(),
});

export const publishRequestSchema = z.object({
  topic: topicName,
  payload: z.instanceof(Uint8Array),
  qos: qosSchema,
  retain: z.boolean(),
  properties: publishPropertiesSchema.optional(),
});

export const connectionsService = defineService<ConnectionsService>({
  name: 'connections',
  calls: {
    list: z.tuple([]),
    create: z.tuple([profileSchema]),
    update: z.tuple([id, profileSchema]),
    remove: z.tuple([id]),
    connect: z.tuple([id]),
    disconnect: z.tuple([id]),
    subscribe: z.tuple([id, subscribeRequestSchema]),
    unsubscribe: z.tuple([id, z.string()]),
    publish: z.tuple([id, publishRequestSchema]),
    retainedStill: z.tuple([id, z.array(topicName).max(MAX_RETAINED_CHECK, `At most ${MAX_RETAINED_CHECK} topics are checked at once`)]),
    payload: z.tuple([id, z.number().int().min(1)]),
    checkBroker: z.tuple([id]),
    saveTemplate: z.tuple([id, publishTemplateSchema]),
    deleteTemplate: z.tuple([id, z.string().max(100)]),
  },
  events: ['onDidChangeConnections', 'onDidReceiveMessages'],
});
