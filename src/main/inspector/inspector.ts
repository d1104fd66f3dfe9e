import { randomUUID } from 'node:crypto';
import type { InspectorService, CaptureExport, FlowPage, PacketDetail, PacketPage, PacketViewStatus } from '../../shared/contract/inspector';
import { UserError } from '../../shared/errors/errors';
import { Emitter } from '../../shared/event';
import type { PacketQuery } from '../../shared/inspector/packetQuery';
import type { CaptureCounts, PacketRow } from '../../shared/inspector/packets/types';
import { Coalescer } from '../timing/coalescer';
import { ConnectionCapture, DEFAULT_CAPTURE_CAPACITY } from './connectionCapture';
import { PacketView } from './packetView';
import { captureToJson } from './jsonExport';
import { writePcapng } from './pcapng';

/** Views left open by UIs that went away are closed, least recently used first, beyond this. */
const MAX_OPEN_VIEWS = 32;

/**
 * The engine's inspector service: one bounded capture per connection, listed through paged views
 * (filters run here, next to the packets). Only view statuses are pushed, once per interval
 * while packets arrive; a UI reads the rows it shows, and the bytes of the one it selects.
 */
export class Inspector implements InspectorService {
  private readonly captures = new Map<string, ConnectionCapture>();
  private capacity = DEFAULT_CAPTURE_CAPACITY;
  /** Insertion order is recency: a read moves a view to the end. */
  private readonly views = new Map<string, PacketView>();
  private readonly updates = new Emitter<PacketViewStatus[]>();
  private readonly announcer = new Coalescer(() => this.announce());
  readonly onDidUpdateViews = this.updates.event;

  /** Called by the connections service when a connection is created. */
  attach(connectionId: string): ConnectionCapture {
    // A captured packet costs the views nothing until the next announcement.
    const capture = new ConnectionCapture(connectionId, this.capacity, () => {
      if (this.views.size > 0) this.announcer.request();
    });
    this.captures.set(connectionId, capture);
    return capture;
  }

  detach(connectionId: string): void {
    this.captures.delete(connectionId);
    for (const [viewId, view] of this.views) if (view.connectionId === connectionId) this.views.delete(viewId);
  }

  async openView(connectionId: string, query: PacketQuery): Promise<PacketViewStatus> {
    const view = new PacketView(randomUUID(), connectionId, query, this.get(connectionId));
    this.views.set(view.id, view);
    for (const oldest of this.views.keys()) {
      if (this.views.size <= MAX_OPEN_VIEWS) break;
      this.views.delete(oldest);
    }
    // The first step answers at once for small captures; larger ones go on in the background.
    view.scan();
    if (!view.done) this.announcer.request();
    return view.status();
  }

  async readView(viewId: string, start: number, count: number): Promise<PacketPage> {
    const view = this.views.get(viewId);
    if (!view) throw new UserError('view.closed', 'This view was closed; open it again');
    this.views.delete(viewId);
    this.views.set(viewId, view);
    const rows = view.read(start, count);
    const status = view.status();
    return { start: Math.max(start, status.first), rows, status };
  }

  async closeView(viewId: string): Promise<void> {
    this.views.delete(viewId);
  }

  async counts(connectionId: string): Promise<CaptureCounts> {
    return this.get(connectionId).counts();
  }

  async rows(connectionId: string, from: number, count: number): Promise<PacketRow[]> {
    return this.get(connectionId).rows(from, count);
  }

  async packet(connectionId: string, no: number): Promise<PacketDetail | undefined> {
    const capture = this.get(connectionId);
    const entry = capture.entry(no);
    return entry && { packet: capture.toPacket(entry), protocolVersion: entry.protocolVersion, row: capture.toRow(entry) };
  }

  async flows(connectionId: string, limit: number): Promise<FlowPage> {
    return this.get(connectionId).flows(limit);
  }

  async clear(connectionId: string): Promise<CaptureCounts> {
    const counts = this.get(connectionId).clear();
    this.announcer.request();
    return counts;
  }

  async setCapacity(capacity: number): Promise<void> {
    this.capacity = capacity;
    for (const capture of this.captures.values()) capture.setCapacity(capacity);
    this.announcer.request();
  }

  async exportPcapng(connectionId: string): Promise<CaptureExport> {
    const capture = this.get(connectionId);
    const bytes = writePcapng(
      capture.entries().map((entry) => capture.toPacket(entry)),
      (socket) => capture.endpointsOf(socket),
      { appName: 'QoScope' },
    );
    return { fileName: `qoscope-${timestamp()}.pcapng`, mediaType: 'application/vnd.tcpdump.pcap', bytes: new Uint8Array(bytes) };
  }

  async exportJson(connectionId: string, revealSecrets: boolean): Promise<CaptureExport> {
    const capture = this.get(connectionId);
    const json = captureToJson(
      capture.entries().map((entry) => ({ packet: capture.toPacket(entry), row: capture.toRow(entry), protocolVersion: entry.protocolVersion })),
      revealSecrets,
    );
    return { fileName: `qoscope-${timestamp()}.json`, mediaType: 'application/json', bytes: new Uint8Array(Buffer.from(json)) };
  }

  /** Filters go on a step per interval; every open view's status goes out. */
  private announce(): void {
    if (this.views.size === 0) return;
    let searching = false;
    for (const view of this.views.values()) {
      if (view.done) continue;
      view.scan();
      searching ||= !view.done;
    }
    this.updates.fire([...this.views.values()].map((view) => view.status()));
    if (searching) this.announcer.request();
  }

  dispose(): void {
    this.announcer.cancel();
    this.views.clear();
  }

  private get(connectionId: string): ConnectionCapture {
    const capture = this.captures.get(connectionId);
    if (!capture) throw new UserError('connection.not-found', 'That connection no longer exists');
    return capture;
  }
}

function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}
