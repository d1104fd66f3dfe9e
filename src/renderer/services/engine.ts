import { createEngineClient, type ServiceImpls } from '../../shared/contract';
import { openViews } from './pagedMessages';
import { topicTrees } from './topicTrees';
import { useAppStore } from '../store';
import { createTransport } from '../transport/createTransport';
import { openPacketViews } from './pagedPackets';
import { handleDesktopCommand } from './desktopCommands';
import { rememberSelection } from './lastConnection';
import { MessageFeed } from './messageFeed';
import { refreshPace } from './refreshPace';
import { followTheme } from './theme';
import { followLanguage } from './language';

/** The engine as the UI sees it: a client of every service in the registry. */
export type Engine = ServiceImpls;

let engine: Engine | undefined;

/** Connects the UI to the engine once and feeds its events into the store, the topic trees and open log views. */
export function startEngine(): Engine {
  if (engine) return engine;
  const store = useAppStore.getState();
  const channel = createTransport((link) => store.setLink(link));
  engine = createEngineClient(channel);
  const { connections, messages, broker, inspector, desktop } = engine;
  followTheme(desktop);
  followLanguage();
  rememberSelection();
  desktop.onDidRequestCommand(handleDesktopCommand);

  connections.onDidChangeConnections((list) => useAppStore.getState().setConnections(list));
  // In browser mode a page that fell behind misses live batches; the feed fills the gap from the store.
  const feed = new MessageFeed(messages, (rows) => {
    refreshPace.counted(rows.end - rows.from);
    topicTrees.append(rows);
    for (const view of openViews.values()) if (view.connectionId === rows.connectionId) view.seed(rows);
  });
  connections.onDidReceiveMessages((batch) => feed.receive(batch));
  messages.onDidUpdateViews((statuses) => {
    for (const status of statuses) openViews.get(status.viewId)?.update(status);
  });
  broker.onDidChangeStatus((status) => useAppStore.getState().setBroker(status));
  inspector.onDidUpdateViews((statuses) => {
    for (const status of statuses) openPacketViews.get(status.viewId)?.update(status);
  });
  void connections.list().then((list) => {
    useAppStore.getState().setConnections(list);
    // Messages kept from before (a restart, a page reload) belong in the topic trees too.
    for (const info of list) void topicTrees.seed(info.id, messages).catch(() => undefined);
  });
  void broker.status().then((status) => useAppStore.getState().setBroker(status));
  return engine;
}

export function useEngine(): Engine {
  return startEngine();
}
