import { randomUUID } from 'node:crypto';
import { UserError } from '../../shared/errors/errors';
import type { MessagePage, MessagesService, TopicHistory, ValueSeries, ViewStatus } from '../../shared/contract/messages';
import type { MessageRecord } from '../../shared/domain/message';
import type { MessageQuery } from '../../shared/domain/messageQuery';
import type { StoreLimits, StoreStats } from '../../shared/domain/messageStore';
import { ROW_PREVIEW_BYTES } from '../../shared/domain/message';
import { toWire } from '../../shared/domain/packedBatch';
import { packMessages } from '../../shared/domain/packedBatchBuilder';
import { PACKED_FLAG } from '../../shared/domain/packedBatch';
import { numericFields } from '../../shared/payload/numericFields';
import type { CodecResult } from '../../shared/payload/codecs/codec';
import { decodeProtobuf, encodeProtobuf, protobufTypes, type ProtobufSchema } from '../../shared/payload/codecs/protobufCodec';
import { Emitter } from '../../shared/event';
import { MessageView } from '../store/messageView';
import type { ConnectionRegistry } from './connectionRegistry';

/** Views left open by UIs that went away are closed, least recently used first, beyond this. */
const MAX_OPEN_VIEWS = 32;

/**
 * The messages service: live views (paged, optionally searched) over each connection's store,
 * topic history and value series for the topic view, and the store's limits. Searching a large
 * store runs in steps between other work, so ingest never waits for a search.
 */
export class MessagesManager implements MessagesService {
  /** Insertion order is recency: a read moves a view to the end. */
  private readonly views = new Map<string, MessageView>();
  private readonly updates = new Emitter<ViewStatus[]>();
  private scanning: NodeJS.Immediate | undefined;

  readonly onDidUpdateViews = this.updates.event;

  /** `saveLimits`: keeps limits the user set for the next start. */
  constructor(
    private readonly connections: ConnectionRegistry,
    private readonly saveLimits?: (limits: StoreLimits) => Promise<void>,
  ) {
    // New messages reach the stores before each batch goes out: views catch up once per batch.
    connections.onDidReceiveMessages(() => this.announce());
    connections.onDidChangeConnections((list) => {
      const alive = new Set(list.map((info) => info.id));
      for (const [viewId, view] of this.views) if (!alive.has(view.connectionId)) this.views.delete(viewId);
    });
  }

  async openView(connectionId: string, query: MessageQuery): Promise<ViewStatus> {
    const view = new MessageView(randomUUID(), connectionId, query, this.connections.store(connectionId));
    this.views.set(view.id, view);
    for (const oldest of this.views.keys()) {
      if (this.views.size <= MAX_OPEN_VIEWS) break;
      this.views.delete(oldest);
    }
    // The first step answers at once for small stores; larger ones go on in the background.
    view.scan();
    this.scheduleScan();
    return view.status();
  }

  async read(viewId: string, start: number, count: number): Promise<MessagePage> {
    const view = this.view(viewId);
    this.views.delete(viewId);
    this.views.set(viewId, view);
    const rows = view.readPacked(start, count, ROW_PREVIEW_BYTES);
    const status = view.status();
    // Rows already dropped are skipped: the page starts at the first one still kept.
    return { start: Math.max(start, status.first), messages: toWire(rows), status };
  }

  async closeView(viewId: string): Promise<void> {
    this.views.delete(viewId);
  }

  async clear(connectionId: string): Promise<StoreStats> {
    const store = this.connections.clearMessages(connectionId);
    this.announce();
    return store.stats;
  }

  async stats(connectionId: string): Promise<StoreStats> {
    return this.connections.store(connectionId).stats;
  }

  async message(connectionId: string, seq: number): Promise<MessageRecord | undefined> {
    return this.connections.store(connectionId).get(seq, connectionId, true);
  }

  async topicHistory(connectionId: string, topic: string, limit: number): Promise<TopicHistory> {
    const store = this.connections.store(connectionId);
    // A ring of the latest `limit` matching sequence numbers: one pass, oldest first.
    const ring: number[] = [];
    let total = 0;
    this.forEachReceivedOn(connectionId, topic, (seq) => {
      ring[total % limit] = seq;
      total += 1;
    });
    const latest = total <= limit ? ring : [...ring.slice(total % limit), ...ring.slice(0, total % limit)];
    const records = latest.map((seq) => store.get(seq, connectionId)).filter((r): r is MessageRecord => r !== undefined);
    return { total, messages: toWire(packMessages(records)) };
  }

  async series(connectionId: string, topic: string, field: string): Promise<ValueSeries> {
    const times: number[] = [];
    const values: number[] = [];
    this.forEachReceivedOn(connectionId, topic, (_seq, time, payload) => {
      const value = numericFields(payload).get(field);
      if (value !== undefined) {
        times.push(time);
        values.push(value);
      }
    });
    return { times, values };
  }

  async protobufTypes(source: string): Promise<CodecResult<string[]>> {
    return protobufTypes(source);
  }

  async decodeProtobuf(schema: ProtobufSchema, payload: Uint8Array): Promise<CodecResult<string>> {
    return decodeProtobuf(schema, payload);
  }

  async encodeProtobuf(schema: ProtobufSchema, text: string): Promise<CodecResult<Uint8Array>> {
    return encodeProtobuf(schema, text);
  }

  async limits(): Promise<StoreLimits> {
    return this.connections.limits;
  }

  async setLimits(limits: StoreLimits): Promise<StoreLimits> {
    this.connections.setStoreLimits(limits);
    this.announce();
    await this.saveLimits?.(limits);
    return limits;
  }

  /** Every kept message received on exactly `topic`, oldest first. */
  private forEachReceivedOn(connectionId: string, topic: string, visit: (seq: number, time: number, payload: Uint8Array) => void): void {
    const store = this.connections.store(connectionId);
    const topicId = store.topicId(topic);
    if (topicId === undefined) return;
    store.forEach(store.first, store.end, (seq, segment, index) => {
      if (segment.topic[index] === topicId && (segment.flags[index]! & PACKED_FLAG.directionOut) === 0) visit(seq, segment.time[index]!, segment.payload(index));
    });
  }

  private view(viewId: string): MessageView {
    const view = this.views.get(viewId);
    if (!view) throw new UserError('view.closed', 'This view was closed; open it again');
    return view;
  }

  /** Searches open views a step at a time, letting sockets and timers run in between. */
  private scheduleScan(): void {
    if (this.scanning) return;
    this.scanning = setImmediate(() => {
      this.scanning = undefined;
      let more = false;
      for (const view of this.views.values()) {
        if (view.done) continue;
        view.scan();
        more ||= !view.done;
      }
      this.announce();
      if (more) this.scheduleScan();
    });
  }

  private announce(): void {
    if (this.views.size === 0) return;
    // New messages for filtered views are matched here, in bounded steps.
    for (const view of this.views.values()) if (!view.done) this.scheduleScan();
    this.updates.fire([...this.views.values()].map((view) => view.status()));
  }

  dispose(): void {
    if (this.scanning) clearImmediate(this.scanning);
    this.views.clear();
  }
}
