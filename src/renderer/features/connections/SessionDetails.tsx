import type { ConnectionInfo } from '../../../shared/domain/connection';

const yesNo = (value: boolean | undefined) => (value === undefined ? undefined : value ? 'yes' : 'no');

/** What the broker announced in CONNACK, and our outgoing window against its Receive Maximum. */
export function SessionDetails({ connection }: { connection: ConnectionInfo }) {
  const { state, outgoing } = connection;
  if (state.status !== 'connected') return null;
  const broker = state.broker;
  const items: [string, string | number | undefined][] = [
    ['Server certificate', state.verifiedBy ? `verified by ${state.verifiedBy}` : undefined],
    ['Session present', state.sessionPresent ? 'yes' : 'no'],
    ['Receive Maximum', broker?.receiveMaximum ?? (connection.profile.protocolVersion === 5 ? '65535 (default)' : undefined)],
    ['Maximum QoS', broker?.maximumQoS],
    ['Retain available', yesNo(broker?.retainAvailable)],
    ['Topic Alias Maximum', broker?.topicAliasMaximum],
    ['Maximum packet size', broker?.maximumPacketSize],
    ['Server keepalive', broker?.serverKeepAlive],
    ['Assigned client ID', broker?.assignedClientIdentifier],
    ['Reason', broker?.reasonString],
  ];
  return (
    <dl className="session-details" aria-label="Session">
      {items
        .filter(([, value]) => value !== undefined)
        .map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      <div>
        <dt>QoS 1/2 in flight</dt>
        <dd>
          {outgoing.inFlight}
          {outgoing.receiveMaximum < 65_535 ? ` of ${outgoing.receiveMaximum}` : ''}
          {outgoing.queued > 0 ? `, ${outgoing.queued} queued` : ''}
        </dd>
      </div>
    </dl>
  );
}
