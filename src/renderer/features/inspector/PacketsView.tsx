import { useMemo, useState } from 'react';
import type { PacketQuery } from '../../../shared/inspector/packetQuery';
import { PACKET_TYPES, type PacketTypeName } from '../../../shared/inspector/packets/types';
import { useEngine } from '../../services/engine';
import { PagedPackets } from '../../services/pagedPackets';
import { useAppStore } from '../../store';
import type { PacketFilter } from '../../store/inspectorSlice';
import { PacketDetails } from './PacketDetails';
import { PacketList } from './PacketList';
import { saveExport } from '../../components/saveExport';
import { useAction } from '../../components/useAction';
import { usePagedView } from '../usePagedView';
import { useLocale } from '../useLocale';

/** Wireshark's three panes for one connection: packet list, field tree, hex + ASCII. */
export function PacketsView({ connectionId }: { connectionId: string }) {
  const { inspector } = useEngine();
  const { t, number } = useLocale();
  const filter = useAppStore((s) => s.packetFilter);
  const setFilter = useAppStore((s) => s.setPacketFilter);
  const selectedNo = useAppStore((s) => s.selectedPacket[connectionId]);
  const selectPacket = useAppStore((s) => s.selectPacket);
  const revealSecrets = useAppStore((s) => s.revealSecrets);
  const { run, error } = useAction();
  const idProblem = isBadPacketId(filter.packetId) ? t('packets.idProblem') : undefined;
  // A new engine view only when the query really changed (not on every keystroke that keeps it).
  const queryKey = JSON.stringify(toQuery(filter));
  const view = useMemo(() => new PagedPackets(inspector, connectionId, JSON.parse(queryKey) as PacketQuery), [inspector, connectionId, queryKey]);
  usePagedView(view);
  const [selectedIndex, setSelectedIndex] = useState<number>();
  const counts = view.status?.counts;
  const shown = view.status ? view.status.end - view.status.first : 0;

  return (
    <section className="packets" aria-label={t('packets.title')}>
      <div className="inspector-toolbar" role="toolbar" aria-label={t('packets.toolbar')}>
        <label>
          {t('packets.type')}
          <select value={filter.type} onChange={(e) => setFilter({ type: e.target.value as PacketFilter['type'] })}>
            <option value="any">{t('packets.any')}</option>
            {PACKET_TYPES.slice(1).map((type: PacketTypeName) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('packets.direction')}
          <select value={filter.direction} onChange={(e) => setFilter({ direction: e.target.value as PacketFilter['direction'] })}>
            <option value="any">{t('packets.both')}</option>
            <option value="out">{t('packets.sent')}</option>
            <option value="in">{t('packets.received')}</option>
          </select>
        </label>
        <label>
          {t('packets.packetId')}
          <input className="narrow" value={filter.packetId} aria-invalid={idProblem ? true : undefined} onChange={(e) => setFilter({ packetId: e.target.value })} />
        </label>
        <label>
          {t('packets.topic')}
          <input value={filter.topic} placeholder={t('packets.topicPlaceholder')} onChange={(e) => setFilter({ topic: e.target.value })} />
        </label>
        <span className="log-count" role="status" aria-label={t('packets.kept')}>
          {t('packets.keptCount', { n: number(counts?.kept ?? 0) })}
          {counts && counts.dropped > 0 ? t('packets.dropped', { n: number(counts.dropped) }) : ''}
          {view.status && shown !== (counts?.kept ?? 0) ? ` · ${t(view.status.done ? 'packets.shown' : 'packets.shownSoFar', { n: number(shown) })}` : ''}
        </span>
        <label>
          {t('packets.keep')}
          <select
            value={counts?.capacity ?? 200_000}
            onChange={(e) =>
              void run(async () => {
                await inspector.setCapacity(Number(e.target.value));
              })
            }
          >
            {CAPACITY_CHOICES.map((n) => (
              <option key={n} value={n}>
                {t('packets.capacity', { n: number(n) })}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void run(async () => saveExport(await inspector.exportPcapng(connectionId)))}>
          {t('packets.exportPcapng')}
        </button>
        <button type="button" onClick={() => void run(async () => saveExport(await inspector.exportJson(connectionId, revealSecrets)))}>
          {t('packets.exportJson')}
        </button>
        <button
          type="button"
          onClick={() =>
            void run(async () => {
              await inspector.clear(connectionId);
              selectPacket(connectionId, undefined);
            })
          }
        >
          {t('packets.clear')}
        </button>
      </div>
      {idProblem && <small className="error toolbar-error">{idProblem}</small>}
      {error && (
        <p role="alert" className="error toolbar-error">
          {error}
        </p>
      )}
      <PacketList
        view={view}
        selectedNo={selectedNo}
        selectedIndex={selectedIndex}
        onSelect={(row, index) => {
          setSelectedIndex(index);
          selectPacket(connectionId, row.no);
        }}
      />
      {selectedNo !== undefined ? <PacketDetails key={selectedNo} connectionId={connectionId} no={selectedNo} /> : <p className="empty details-empty">{t('packets.selectHint')}</p>}
    </section>
  );
}

/** Per connection; the engine drops the oldest beyond this and says how many. */
const CAPACITY_CHOICES = [10_000, 50_000, 200_000, 1_000_000, 5_000_000];

/** A packet id being typed that is not one (empty is no filter, not a problem). */
function isBadPacketId(text: string): boolean {
  const id = text.trim();
  return id !== '' && !(/^\d+$/.test(id) && Number(id) >= 1 && Number(id) <= 65_535);
}

/** The filter bar as an engine query; a packet id still being typed wrong filters nothing yet. */
function toQuery(filter: PacketFilter): PacketQuery {
  const query: PacketQuery = {};
  if (filter.type !== 'any') query.type = filter.type;
  if (filter.direction !== 'any') query.direction = filter.direction;
  if (filter.packetId.trim() !== '' && !isBadPacketId(filter.packetId)) query.packetId = Number(filter.packetId.trim());
  if (filter.topic !== '') query.topic = filter.topic;
  return query;
}
