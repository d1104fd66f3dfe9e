import { z } from 'zod';
import type { Event } from './service';
import { defineService } from './service';
import type { MessageBatch, MessageRecord } from '../domain/message';
import { messageQuerySchema, type MessageQuery } from '../domain/messageQuery';
import { storeLimitsSchema, type StoreLimits, type StoreStats } from '../domain/messageStore';
import type { CodecResult } from '../payload/codecs/codec';
import type { ProtobufSchema } from '../payload/codecs/protobufCodec';

/**
 * A view's rows are absolute indexes [first, end): sequence numbers for an unfiltered view,
 * match numbers for a filtered one. `scanned` of `store.kept` messages were searched so far.
 */
export type ViewStatus = {
  viewId: string;
  connectionId: string;
  first: number;
  end: number;
  scanned: number;
  done: boolean;
  store: StoreStats;
};

/** Rows from `start` on, contiguous (packed like live batches; large payloads as previews). */
export type MessagePage = { start: number; messages: MessageBatch; status: ViewStatus };

/** The latest messages received on one exact topic, newest last, and how many are kept in all. */
export type TopicHistory = { total: number; messages: MessageBatch };

/** A numeric value over time, from every kept message on one topic. */
export type ValueSeries = { times: number[]; values: number[] };

/** The engine's message store: every connection's kept messages, searched and paged there. */
export interface MessagesService {
  /** Opens a live view of one connection's messages; a filtered view searches in the background. */
  openView(connectionId: string, query: MessageQuery): Promise<ViewStatus>;
  /** Rows [start, start + count) of a view; rejects once the view was closed or expired. */
  read(viewId: string, start: number, count: number): Promise<MessagePage>;
  closeView(viewId: string): Promise<void>;
  /** Forgets every kept message of a connection. */
  clear(connectionId: string): Promise<StoreStats>;
  stats(connectionId: string): Promise<StoreStats>;
  /** One kept message with its whole payload, for the details pane (undefined once dropped). */
  message(connectionId: string, seq: number): Promise<MessageRecord | undefined>;
  topicHistory(connectionId: string, topic: string, limit: number): Promise<TopicHistory>;
  /** `field`: "" for payloads that are a number, else a dotted JSON path ("sensor.temp"). */
  series(connectionId: string, topic: string, field: string): Promise<ValueSeries>;
  /**
   * Protobuf for the payload views and publish. protobufjs compiles code at run time, which the
   * UI's Content Security Policy forbids, so it runs here; the answers are values, not errors.
   */
  protobufTypes(source: string): Promise<CodecResult<string[]>>;
  decodeProtobuf(schema: ProtobufSchema, payload: Uint8Array): Promise<CodecResult<string>>;
  encodeProtobuf(schema: ProtobufSchema, text: string): Promise<CodecResult<Uint8Array>>;
  limits(): Promise<StoreLimits>;
  setLimits(limits: StoreLimits): Promise<StoreLimits>;
  /** Every open view's status, at most once per batching interval, whenever one changed. */
  onDidUpdateViews: Event<ViewStatus[]>;
}

const id = z.string().min(1).max(100);
const protoSource = z.string().max(1024 * 1024, 'A .proto file of at most 1 MB');
const protobufSchema = z.object({ source: protoSource, type: z.string().min(1).max(1_000) });
const topic = z.string().max(65_535);

export const messagesService = defineService<MessagesService>({
  name: 'messages',
  calls: {
    openView: z.tuple([id, messageQuerySchema]),
    read: z.tuple([id, z.number().int().min(0), z.number().int().min(0).max(5_000)]),
    closeView: z.tuple([id]),
    clear: z.tuple([id]),
    stats: z.tuple([id]),
    message: z.tuple([id, z.number().int().min(1)]),
    topicHistory: z.tuple([id, topic, z.number().int().min(1).max(10_000)]),
    series: z.tuple([id, topic, z.string().max(1_000)]),
    protobufTypes: z.tuple([protoSource]),
    decodeProtobuf: z.tuple([protobufSchema, z.instanceof(Uint8Array)]),
    encodeProtobuf: z.tuple([protobufSchema, z.string().max(64 * 1024 * 1024)]),
    limits: z.tuple([]),
    setLimits: z.tuple([storeLimitsSchema]),
  },
  events: ['onDidUpdateViews'],
});
