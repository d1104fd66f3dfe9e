import type { InspectorService, CaptureExport, FlowPage, PacketDetail } from '../../shared/contract/inspector';
import { UserError } from '../../shared/errors/errors';
import { Emitter } from '../../shared/event';
import type { CaptureCounts, PacketBatch, PacketRow } from '../../shared/inspector/packets/types';
import { Batcher } from '../timing/batcher';
import { ConnectionCapture, DEFAULT_CAPTURE_CAPACITY } from './connectionCapture';
import { captureToJson } from './jsonExport';
import { writePcapng } from './pcapng';

/** The engine's inspector service: one bounded capture per connection, rows streamed in batches. */
export class Inspector implements InspectorService {
  private readonly captures = new Map<string, ConnectionCapture>();
  private capacity = DEFAULT_CAPTURE_CAPACITY;
  private readonly captured = new Emitter<PacketBatch>();
  private readonly batcher = new Batcher<PacketRow>((rows) => this.captured.fire({ rows, counts: this.countsOf(rows) }));
  readonly onDidCapturePackets = this.captured.event;

  /** Called by the connections service when a connection is created. */
  attach(connectionId: string): ConnectionCapture {
    const capture = new ConnectionCapture(connectionId, this.capacity, (source, entry) => {
      // Rows are built only for someone watching; an unwatched capture costs just the capture.
      if (this.captured.hasListeners) this.batcher.push(source.toRow(entry));
    });
    this.captures.set(connectionId, capture);
    return capture;
  }

  detach(connectionId: string): void {
    this.captures.delete(connectionId);
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
    return entry && { packet: capture.toPacket(entry), protocolVersion: entry.protocolVersion };
  }

  async flows(connectionId: string, limit: number): Promise<FlowPage> {
    return this.get(connectionId).flows(limit);
  }

  async clear(connectionId: string): Promise<CaptureCounts> {
    return this.get(connectionId).clear();
  }

  async setCapacity(capacity: number): Promise<void> {
    this.capacity = capacity;
    for (const capture of this.captures.values()) capture.setCapacity(capacity);
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

  /** What the capture keeps is the engine's number, not the UI's: it is sent with every batch. */
  private countsOf(rows: readonly PacketRow[]): Record<string, CaptureCounts> {
    const counts: Record<string, CaptureCounts> = {};
    for (const row of rows) counts[row.connectionId] ??= this.captures.get(row.connectionId)?.counts() ?? { kept: 0, total: 0, dropped: 0, capacity: 0, lastNo: 0 };
    return counts;
  }

  dispose(): void {
    this.batcher.flushNow();
    this.batcher.dispose();
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
