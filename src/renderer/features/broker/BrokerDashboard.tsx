import { useState } from 'react';
import { useBrokerViewText } from './useBrokerViewText';
import type { BrokerDashboard as Dashboard, BrokerEventKind } from '../../../shared/domain/brokerDashboard';
import { TabList } from '../../components/TabList';
import { useRefreshing } from '../../components/useRefreshing';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { BrokerClients } from './BrokerClients';
import { BrokerRetained } from './BrokerRetained';
import { BrokerSettings } from './BrokerSettings';
import { useNow } from '../../components/useNow';

const TABS = ['clients', 'retained', 'events', 'settings'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS = { clients: 'tabsClients', retained: 'tabsRetained', events: 'tabsEvents', settings: 'tabsSettings' } as const;
const KIND_LABELS = {
  connect: 'kindsConnect',
  disconnect: 'kindsDisconnect',
  refused: 'kindsRefused',
  subscribe: 'kindsSubscribe',
  unsubscribe: 'kindsUnsubscribe',
  will: 'kindsWill',
  'session-expired': 'kindsSessionExpired',
  error: 'kindsError',
} as const satisfies Record<BrokerEventKind, string>;
/** The dashboard reads the broker once a second while it is open, and not at all otherwise. */
const REFRESH_MS = 1000;

/** The embedded broker's own view: who is connected, what it keeps, what happened, and its settings. */
export function BrokerDashboard() {
  const { t } = useBrokerViewText();
  const { broker } = useEngine();
  const close = useAppStore((s) => s.setDashboardOpen);
  const [tab, setTab] = useState<Tab>('clients');
  // Each new time is a new version for useRefreshing: one read per interval, never two at once.
  const tick = useNow(true, REFRESH_MS);
  const { value: dashboard, error } = useRefreshing(() => broker.dashboard(), 'dashboard', tick);

  return (
    <section className="broker-dashboard" aria-labelledby="broker-dashboard-title">
      <div className="broker-dashboard-head">
        <h2 id="broker-dashboard-title">{t('title')}</h2>
        <button type="button" onClick={() => close(false)}>
          {t('close')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {dashboard?.problem && (
        <p role="alert" className="error">
          {dashboard.problem}
        </p>
      )}
      {dashboard && <BrokerStats dashboard={dashboard} />}
      <TabList ids={TABS} selected={tab} onSelect={setTab} label={t('sections')} idPrefix="broker-" labelOf={(id) => t(TAB_LABELS[id])} panelClassName="broker-tab-panel">
        {tab === 'clients' && <BrokerClients dashboard={dashboard} />}
        {tab === 'retained' && <BrokerRetained tick={tick} />}
        {tab === 'events' && <BrokerEvents dashboard={dashboard} />}
        {tab === 'settings' && <BrokerSettings />}
      </TabList>
    </section>
  );
}

function BrokerStats({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useBrokerViewText();
  const { stats } = dashboard;
  const items: [string, number | string][] = [
    [t('statsClients'), `${stats.clientsConnected} (${t('statsMaximum', { count: stats.clientsMaximum })})`],
    [t('statsSessions'), stats.sessions],
    [t('statsReceived'), stats.messagesReceived.toLocaleString()],
    [t('statsSent'), stats.messagesSent.toLocaleString()],
    [t('statsRetained'), stats.retained.toLocaleString()],
    [t('statsSubscriptions'), stats.subscriptions],
    [t('statsUptime'), t('statsSeconds', { count: stats.uptimeSeconds })],
  ];
  return (
    <dl className="broker-stats" aria-label={t('statsTitle')}>
      {!dashboard.running && <p className="warning">{t('notRunning')}</p>}
      {items.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function BrokerEvents({ dashboard }: { dashboard: Dashboard | undefined }) {
  const { t } = useBrokerViewText();
  const events = dashboard?.events ?? [];
  return (
    <div className="broker-events">
      {dashboard && dashboard.eventsDropped > 0 && <p className="muted">{t('eventsDropped', { count: dashboard.eventsDropped })}</p>}
      <ol role="log" aria-label={t('eventLog')} className="broker-event-list">
        {events.length === 0 && <li className="empty">{t('noEvents')}</li>}
        {[...events].reverse().map((event) => (
          <li key={event.seq} className={`broker-event broker-event-${event.kind}`}>
            <time dateTime={new Date(event.time).toISOString()}>{new Date(event.time).toLocaleTimeString()}</time>
            <span className="broker-event-kind">{t(KIND_LABELS[event.kind])}</span>
            <span>{event.text}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
