import { BrokerPanel } from './features/broker/BrokerPanel';
import { BrokerDashboard } from './features/broker/BrokerDashboard';
import { ConnectionForm } from './features/connections/form/ConnectionForm';
import { ConnectionHeader } from './features/connections/ConnectionHeader';
import { ConnectionList } from './features/connections/ConnectionList';
import { SavedConnectionsPanel } from './features/connections/SavedConnectionsPanel';
import { UndoDelete } from './features/connections/UndoDelete';
import { SessionDetails } from './features/connections/SessionDetails';
import { ThemeSwitch } from './features/settings/ThemeSwitch';
import { LanguageSwitch } from './features/settings/LanguageSwitch';
import { Workspace } from './Workspace';
import { PublishPanel } from './features/publish/PublishPanel';
import { SubscriptionsPanel } from './features/subscriptions/SubscriptionsPanel';
import { useAppStore, useSelectedConnection } from './store';
import { useTranslation } from 'react-i18next';

export function App() {
  const { t } = useTranslation();
  const selected = useSelectedConnection();
  const editing = useAppStore((s) => s.editing);
  const dashboardOpen = useAppStore((s) => s.dashboardOpen);
  const link = useAppStore((s) => s.link);
  const editingConnection = useAppStore((s) => s.connections.find((c) => c.id === s.editing));

  return (
    <div className="app">
      {link === 'lost' && (
        <div role="alert" className="banner">
          {t('app.engineLost')}
        </div>
      )}
      <aside className="sidebar">
        <div className="brand">
          <span>QoScope</span>
          <div className="settings-switches">
            <ThemeSwitch />
            <LanguageSwitch />
          </div>
        </div>
        <ConnectionList />
        <UndoDelete />
        <SavedConnectionsPanel />
        <BrokerPanel />
      </aside>
      <main className="workspace">
        {dashboardOpen ? (
          <BrokerDashboard />
        ) : editing ? (
          <ConnectionForm key={editing} existing={editingConnection} />
        ) : selected ? (
          <>
            <ConnectionHeader connection={selected} />
            <SessionDetails connection={selected} />
            <div className="columns">
              <div className="left-column">
                <SubscriptionsPanel connection={selected} />
                <PublishPanel connection={selected} />
              </div>
              <Workspace connection={selected} />
            </div>
          </>
        ) : (
          <p className="empty">{link === 'open' ? t('app.noConnections') : t('app.connectingEngine')}</p>
        )}
      </main>
    </div>
  );
}
