import type { ConnectionInfo } from '../shared/domain/connection';
import { FlowsView } from './features/inspector/FlowsView';
import { PacketsView } from './features/inspector/PacketsView';
import { LogView } from './features/log/LogView';
import { TopicsView } from './features/topics/TopicsView';
import { useAppStore } from './store';
import type { WorkspaceTab } from './store/inspectorSlice';
import { useTranslation } from 'react-i18next';

const TABS: WorkspaceTab[] = ['messages', 'topics', 'packets', 'flows'];

/** The right-hand pane: the message log, the packet inspector, or the flows. */
export function Workspace({ connection }: { connection: ConnectionInfo }) {
  const { t } = useTranslation();
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  return (
    <div className="workspace-pane">
      <div role="tablist" aria-label={t('workspace.views')} className="tabs">
        {TABS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const index = TABS.indexOf(tab);
              const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
              if (next) setTab(next);
            }}
          >
            {t(`workspace.tabs.${id}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'messages' && <LogView key={connection.id} connectionId={connection.id} />}
        {tab === 'topics' && <TopicsView connectionId={connection.id} />}
        {tab === 'packets' && <PacketsView connectionId={connection.id} />}
        {tab === 'flows' && <FlowsView connectionId={connection.id} />}
      </div>
    </div>
  );
}
