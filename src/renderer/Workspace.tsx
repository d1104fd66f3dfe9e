import type { ConnectionInfo } from '../shared/domain/connection';
import { TabList } from './components/TabList';
import { FlowsView } from './features/inspector/FlowsView';
import { PacketsView } from './features/inspector/PacketsView';
import { LogView } from './features/log/LogView';
import { TopicsView } from './features/topics/TopicsView';
import { useAppStore } from './store';
import type { WorkspaceTab } from './store/inspectorSlice';
import { useTranslation } from 'react-i18next';

const TABS: readonly WorkspaceTab[] = ['messages', 'topics', 'packets', 'flows'];

/** The right-hand pane: the message log, the packet inspector, or the flows. */
export function Workspace({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  return (
    <div className="workspace-pane">
      <TabList ids={TABS} selected={tab} onSelect={setTab} label={t('workspace.views')} idPrefix="" labelOf={(id) => t(`workspace.tabs.${id}`)}>
        {tab === 'messages' && <LogView key={connection.id} connectionId={connection.id} />}
        {tab === 'topics' && <TopicsView connectionId={connection.id} />}
        {tab === 'packets' && <PacketsView connectionId={connection.id} />}
        {tab === 'flows' && <FlowsView connectionId={connection.id} />}
      </TabList>
    </div>
  );
}
