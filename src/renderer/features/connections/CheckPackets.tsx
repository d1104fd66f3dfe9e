import { useMemo, useState } from 'react';
import type { CheckRow } from '../../../shared/domain/brokerCheck';
import { useEngine } from '../../services/engine';
import { PagedPackets } from '../../services/pagedPackets';
import { PacketDetails } from '../inspector/PacketDetails';
import { PacketList } from '../inspector/PacketList';
import { usePagedView } from '../usePagedView';
import { useLocale } from '../useLocale';

/**
 * The packets that prove one row of a broker check, in the inspector's own list and field tree:
 * the probes' CONNECTs, the handshake, what the broker sent back. They live in the check's
 * capture, not the connection's, so the user's own packets are never mixed with them.
 */
export function CheckPackets({ captureId, row, onClose }: { captureId: string; row: CheckRow & { packets: { first: number; last: number } }; onClose(): void }) {
  const { inspector } = useEngine();
  const { t } = useLocale();
  const { first, last } = row.packets;
  const view = useMemo(() => new PagedPackets(inspector, captureId, { numbers: { first, last } }), [inspector, captureId, first, last]);
  usePagedView(view);
  const [selected, setSelected] = useState<{ no: number; index: number }>();

  return (
    <section className="check-packets packets" aria-label={t('brokerCheck.packetsOf', { name: row.name })}>
      <div className="broker-check-head">
        <h3>{t('brokerCheck.packetsOf', { name: row.name })}</h3>
        <button type="button" onClick={onClose}>
          {t('brokerCheck.hidePackets')}
        </button>
      </div>
      <PacketList view={view} opensAt="start" selectedNo={selected?.no} selectedIndex={selected?.index} onSelect={(packet, index) => setSelected({ no: packet.no, index })} />
      {selected ? <PacketDetails key={selected.no} connectionId={captureId} no={selected.no} /> : <p className="empty details-empty">{t('packets.selectHint')}</p>}
    </section>
  );
}
