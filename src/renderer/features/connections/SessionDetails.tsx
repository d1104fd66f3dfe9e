import type { TFunction } from 'i18next';
import type { ConnectionInfo } from '../../../shared/domain/connection';
import { useLocale } from '../useLocale';

const yesNo = (t: TFunction, value: boolean | undefined) => (value === undefined ? undefined : value ? t('common.yes') : t('common.no'));

/** What the broker announced in CONNACK, and our outgoing window against its Receive Maximum. */
export function SessionDetails({ connection }: { connection: ConnectionInfo }) {
  const { t, number } = useLocale();
  const { state, outgoing } = connection;
  if (state.status !== 'connected') return null;
  const broker = state.broker;
  const items: [string, string | number | undefined][] = [
    [t('connections.session.certificate'), state.verifiedBy ? t('connections.session.verifiedBy', { store: state.verifiedBy }) : undefined],
    [t('connections.session.sessionPresent'), yesNo(t, state.sessionPresent)],
    [t('connections.session.receiveMaximum'), broker?.receiveMaximum ?? (connection.profile.protocolVersion === 5 ? t('connections.session.receiveMaximumDefault') : undefined)],
    [t('connections.session.maximumQos'), broker?.maximumQoS],
    [t('connections.session.retainAvailable'), yesNo(t, broker?.retainAvailable)],
    [t('connections.session.topicAliasMaximum'), broker?.topicAliasMaximum],
    [t('connections.session.maximumPacketSize'), broker?.maximumPacketSize === undefined ? undefined : number(broker.maximumPacketSize)],
    [t('connections.session.serverKeepalive'), broker?.serverKeepAlive],
    [t('connections.session.assignedClientId'), broker?.assignedClientIdentifier],
    [t('connections.session.reason'), broker?.reasonString],
  ];
  return (
    <dl className="session-details" aria-label={t('connections.session.title')}>
      {items
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      <div>
        <dt>{t('connections.session.inFlight')}</dt>
        <dd>{inFlightText(t, outgoing)}</dd>
      </div>
    </dl>
  );
}

function inFlightText(t: TFunction, outgoing: ConnectionInfo['outgoing']): string {
  const flying = outgoing.receiveMaximum < 65_535 ? t('connections.session.inFlightOf', { inFlight: outgoing.inFlight, max: outgoing.receiveMaximum }) : String(outgoing.inFlight);
  return outgoing.queued > 0 ? t('connections.session.queued', { inFlight: flying, queued: outgoing.queued }) : flying;
}
