import { brokerService, type BrokerService } from '../../shared/contract/broker';
import { connectionsService, type ConnectionsService } from '../../shared/contract/connections';
import { inspectorService, type InspectorService } from '../../shared/contract/inspector';
import { profilesService, type ProfilesService } from '../../shared/contract/profiles';
import type { PacketBatch } from '../../shared/inspector/types';
import { packetLog } from '../features/inspector/packetLog';
import { createServiceClient } from '../../shared/contract/service';
import { messageLog } from '../features/log/messageLog';
import { topicTrees } from '../features/topics/topicTrees';
import { fromWire, unpackMessages } from '../../shared/domain/packedBatch';
import type { MessageRecord } from '../../shared/domain/message';
import { useAppStore } from '../store';
import { createTransport } from '../transport/createTransport';

export type Engine = { connections: ConnectionsService; broker: BrokerService; inspector: InspectorService; profiles: ProfilesService };

let engine: Engine | undefined;

/** Connects the UI to the engine once and feeds its events into the store and the message log. */
export function startEngine(): Engine {
  if (engine) return engine;
  const store = useAppStore.getState();
  const channel = createTransport((link) => store.setLink(link));
  const connections = createServiceClient(channel, connectionsService);
  const broker = createServiceClient(channel, brokerService);
  const inspector = createServiceClient(channel, inspectorService);
  const profiles = createServiceClient(channel, profilesService);
  engine = { connections, broker, inspector, profiles };

  connections.onDidChangeConnections((list) => useAppStore.getState().setConnections(list));
  connections.onDidReceiveMessages((batch) => {
    // fromWire validates: a malformed batch is dropped, never half-applied.
    let messages: MessageRecord[];
    try {
      messages = unpackMessages(fromWire(batch));
    } catch (error) {
      console.error(error);
      return;
    }
    topicTrees.append(messages);
    useAppStore.getState().setLogCounts(messageLog.append(messages));
  });
  broker.onDidChangeStatus((status) => useAppStore.getState().setBroker(status));
  void connections.list().then((list) => {
    useAppStore.getState().setConnections(list);
    void followCaptures(inspector, list.map((c) => c.id));
  });
  void broker.status().then((status) => useAppStore.getState().setBroker(status));
  return engine;
}

export function useEngine(): Engine {
  return startEngine();
}

const BACKFILL_PAGE = 10_000;

/**
 * Live packet rows, preceded by what the engine captured before this page was opened (a reload
 * must not blank the inspector). Live rows that arrive while the backfill is loading wait, so
 * the UI's buffer stays in capture order.
 */
async function followCaptures(inspector: InspectorService, connectionIds: string[]): Promise<void> {
  const waiting: PacketBatch[] = [];
  let backfilled = false;
  const apply = (batch: PacketBatch) => {
    const store = useAppStore.getState();
    store.setCaptureCounts(batch.counts);
    packetLog.append(batch.rows);
  };
  inspector.onDidCapturePackets((batch) => (backfilled ? apply(batch) : waiting.push(batch)));
  const newestBackfilled = new Map<string, number>();
  for (const id of connectionIds) {
    try {
      const counts = await inspector.counts(id);
      const from = counts.lastNo - Math.min(counts.kept, packetLog.capacity) + 1;
      for (let next = from; next <= counts.lastNo; next += BACKFILL_PAGE) {
        const rows = await inspector.rows(id, next, BACKFILL_PAGE);
        if (rows.length === 0) break;
        apply({ rows, counts: { [id]: counts } });
        newestBackfilled.set(id, rows[rows.length - 1]?.no ?? 0);
      }
    } catch {
      // A connection removed meanwhile has nothing to show.
    }
  }
  backfilled = true;
  for (const batch of waiting) {
    apply({ ...batch, rows: batch.rows.filter((row) => row.no > (newestBackfilled.get(row.connectionId) ?? 0)) });
  }
}
