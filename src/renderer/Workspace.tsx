import type { ConnectionInfo } from '../shared/domain/connection';
import { FlowsView } from './features/inspector/FlowsView';
import { PacketsView } from './features/inspector/PacketsView';
import { LogView } from './features/log/LogView';
import { TopicsView } from './features/topics/TopicsView';
import { useAppStore } from './store';
import type { WorkspaceTab } from './store/inspectorSlice';

const TABS: { id: WorkspaceTab; label: string }[] = [
  { id: 'messages', label: 'Messages' },
  { id: 'topics', label: 'Topics' },
  { id: 'packets', label: 'Packets' },
  { id: 'flows', label: 'Flows' },
];

/** The right-hand pane: the message log, the packet inspector, or the flows. */
export function Workspace({ connection }: { connection: ConnectionInfo }) {
  const tab = useAppStore((s) => s.tab);
  const setTab = useAppStore((s) => s.setTab);
  return (
    <div className="workspace-pane">
      <div role="tablist" aria-label="Views" className="tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const index = TABS.findIndex((x) => x.id === tab);
              const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
              if (next) setTab(next.id);
            }}
          >
            {t.label}
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
