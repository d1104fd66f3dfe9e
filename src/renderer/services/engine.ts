import { brokerService, type BrokerService } from '../../shared/contract/broker';
import { connectionsService, type ConnectionsService } from '../../shared/contract/connections';
import { createServiceClient } from '../../shared/contract/service';
import { messageLog } from '../features/log/messageLog';
import { useAppStore } from '../store';
import { createTransport } from '../transport/createTransport';

export type Engine = { connections: ConnectionsService; broker: BrokerService };

let engine: Engine | undefined;

/** Connects the UI to the engine once and feeds its events into the store and the message log. */
export function startEngine(): Engine {
  if (engine) return engine;
  const store = useAppStore.getState();
  const channel = createTransport((link) => store.setLink(link));
  const connections = createServiceClient(channel, connectionsService);
  const broker = createServiceClient(channel, brokerService);
  engine = { connections, broker };

  connections.onDidChangeConnections((list) => useAppStore.getState().setConnections(list));
  connections.onDidReceiveMessages((batch) => useAppStore.getState().setLogCounts(messageLog.append(batch)));
  broker.onDidChangeStatus((status) => useAppStore.getState().setBroker(status));
  void connections.list().then((list) => useAppStore.getState().setConnections(list));
  void broker.status().then((status) => useAppStore.getState().setBroker(status));
  return engine;
}

export function useEngine(): Engine {
  return startEngine();
}
