import { brokerService, type BrokerService } from '../../shared/contract/broker';
import { connectionsService, type ConnectionsService } from '../../shared/contract/connections';
import { inspectorService, type InspectorService } from '../../shared/contract/inspector';
import { packetLog } from '../features/inspector/packetLog';
import { createServiceClient } from '../../shared/contract/service';
import { messageLog } from '../features/log/messageLog';
import { useAppStore } from '../store';
import { createTransport } from '../transport/createTransport';

export type Engine = { connections: ConnectionsService; broker: BrokerService; inspector: InspectorService };

let engine: Engine | undefined;

/** Connects the UI to the engine once and feeds its events into the store and the message log. */
export function startEngine(): Engine {
  if (engine) return engine;
  const store = useAppStore.getState();
  const channel = createTransport((link) => store.setLink(link));
  const connections = createServiceClient(channel, connectionsService);
  const broker = createServiceClient(channel, brokerService);
  const inspector = createServiceClient(channel, inspectorService);
  engine = { connections, broker, inspector };

  connections.onDidChangeConnections((list) => useAppStore.getState().setConnections(list));
  connections.onDidReceiveMessages((batch) => useAppStore.getState().setLogCounts(messageLog.append(batch.messages)));
  inspector.onDidCapturePackets((batch) => useAppStore.getState().setPacketCounts(packetLog.append(batch.rows)));
  broker.onDidChangeStatus((status) => useAppStore.getState().setBroker(status));
  void connections.list().then((list) => useAppStore.getState().setConnections(list));
  void broker.status().then((status) => useAppStore.getState().setBroker(status));
  return engine;
}

export function useEngine(): Engine {
  return startEngine();
}
