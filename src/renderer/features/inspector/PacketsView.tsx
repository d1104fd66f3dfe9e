import { PACKET_TYPES, type PacketTypeName } from '../../../shared/inspector/types';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import type { PacketFilter } from '../../store/inspectorSlice';
import { PacketDetails } from './PacketDetails';
import { PacketList } from './PacketList';
import { packetLog } from './packetLog';
import { saveExport } from '../../components/saveExport';
import { useFilteredRows } from './useFilteredRows';
import { useAction } from '../../components/useAction';
import { useLocale } from '../../i18n/useLocale';

/** Wireshark's three panes for one connection: packet list, field tree, hex + ASCII. */
export function PacketsView({ connectionId }: { connectionId: string }) {
  const { inspector } = useEngine();
  const { t, number } = useLocale();
  const filter = useAppStore((s) => s.packetFilter);
  const setFilter = useAppStore((s) => s.setPacketFilter);
  const selectedNo = useAppStore((s) => s.selectedPacket[connectionId]);
  const selectPacket = useAppStore((s) => s.selectPacket);
  const counts = useAppStore((s) => s.captureCounts[connectionId]);
  const setCaptureCounts = useAppStore((s) => s.setCaptureCounts);
  const revealSecrets = useAppStore((s) => s.revealSecrets);
  const { run, error } = useAction();
  const rows = useFilteredRows(connectionId, filter);
  const selectedRow = selectedNo === undefined ? undefined : findRow(connectionId, selectedNo);
  const idProblem = filter.packetId.trim() !== '' && !/^\d+$/.test(filter.packetId.trim()) ? t('packets.idProblem') : undefined;


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
          {rows.count !== (counts?.kept ?? 0) ? ` · ${t('packets.shown', { n: number(rows.count) })}` : ''}
        </span>
        <label>
          {t('packets.keep')}
          <select
            value={counts?.capacity ?? 200_000}
            onChange={(e) =>
              void run(async () => {
                await inspector.setCapacity(Number(e.target.value));
                setCaptureCounts({ [connectionId]: await inspector.counts(connectionId) });
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
              setCaptureCounts({ [connectionId]: await inspector.clear(connectionId) });
              packetLog.clear(connectionId);
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
      <PacketList count={rows.count} at={rows.at} selectedNo={selectedNo} onSelect={(row) => selectPacket(connectionId, row.no)} />
      {selectedRow ? <PacketDetails key={selectedRow.no} connectionId={connectionId} row={selectedRow} /> : <p className="empty details-empty">{t('packets.selectHint')}</p>}
    </section>
  );
}

/** Per connection; the engine drops the oldest beyond this and says how many. */
const CAPACITY_CHOICES = [10_000, 50_000, 200_000, 1_000_000, 5_000_000];

function findRow(connectionId: string, no: number) {
  const buffer = packetLog.buffer(connectionId);
  // Rows arrive in order of `no`, so the row sits at a fixed distance from the newest one.
  const newest = buffer.at(buffer.total - 1);
  if (!newest) return undefined;
  const row = buffer.at(buffer.total - 1 - (newest.no - no));
  return row?.no === no ? row : undefined;
}
