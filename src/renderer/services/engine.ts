import { brokerService, type BrokerService } from '../../shared/contract/broker';
import { connectionsService, type ConnectionsService } from '../../shared/contract/connections';
import { desktopService, type DesktopService } from '../../shared/contract/desktop';
import { inspectorService, type InspectorService } from '../../shared/contract/inspector';
import { profilesService, type ProfilesService } from '../../shared/contract/profiles';
import { createServiceClient } from '../../shared/contract/service';
import { openViews } from '../features/log/pagedMessages';
import { messagesService, type MessagesService } from '../../shared/contract/messages';
import { topicTrees } from '../features/topics/topicTrees';
import { useAppStore } from '../store';
import { createTransport } from '../transport/createTransport';
import { CaptureFeed } from './captureFeed';
import { handleDesktopCommand } from './desktopCommands';
import { rememberSelection } from './lastConnection';
import { MessageFeed } from './messageFeed';
import { followTheme } from './theme';

export type Engine = { connections: ConnectionsService; messages: MessagesService; broker: BrokerService; inspector: InspectorService; profiles: ProfilesService; desktop: DesktopService };

let engine: Engine | undefined;

/** Connects the UI to the engine once and feeds its events into the store, the topic trees and open log views. */
export function startEngine(): Engine {
  if (engine) return engine;
  const store = useAppStore.getState();
  const channel = createTransport((link) => store.setLink(link));
  const connections = createServiceClient(channel, connectionsService);
  const messages = createServiceClient(channel, messagesService);
  const broker = createServiceClient(channel, brokerService);
  const inspector = createServiceClient(channel, inspectorService);
  const profiles = createServiceClient(channel, profilesService);
  const desktop = createServiceClient(channel, desktopService);
  engine = { connections, messages, broker, inspector, profiles, desktop };
  followTheme(desktop);
  rememberSelection();
  desktop.onDidRequestCommand(handleDesktopCommand);

  connections.onDidChangeConnections((list) => useAppStore.getState().setConnections(list));
  // In browser mode a page that fell behind misses live batches; the feed fills the gap from the store.
  const feed = new MessageFeed(messages, (records) => topicTrees.append(records));
  connections.onDidReceiveMessages((batch) => feed.receive(batch));
  messages.onDidUpdateViews((statuses) => {
    for (const status of statuses) openViews.get(status.viewId)?.update(status);
  });
  broker.onDidChangeStatus((status) => useAppStore.getState().setBroker(status));
  const captures = new CaptureFeed(inspector);
  const watching = (tab: string) => tab === 'packets' || tab === 'flows';
  void connections.list().then((list) => {
    useAppStore.getState().setConnections(list);
    void captures.setActive(watching(useAppStore.getState().tab));
  });
  useAppStore.subscribe((state, previous) => {
    if (watching(state.tab) !== watching(previous.tab)) void captures.setActive(watching(state.tab));
  });
  void broker.status().then((status) => useAppStore.getState().setBroker(status));
  return engine;
}

export function useEngine(): Engine {
  return startEngine();
}
