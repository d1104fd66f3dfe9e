import { PACKET_TYPES, type PacketTypeName } from '../../../shared/inspector/packets/types';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import type { PacketFilter } from '../../store/inspectorSlice';
import { PacketDetails } from './PacketDetails';
import { PacketList } from './PacketList';
import { packetLog } from '../../services/packetLog';
import { saveExport } from '../../components/saveExport';
import { useFilteredRows } from './useFilteredRows';
import { useAction } from '../../components/useAction';

/** Wireshark's three panes for one connection: packet list, field tree, hex + ASCII. */
export function PacketsView({ connectionId }: { connectionId: string }) {
  const { inspector } = useEngine();
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
  const idProblem = filter.packetId.trim() !== '' && !/^\d+$/.test(filter.packetId.trim()) ? 'Packet id is a number from 1 to 65535' : undefined;


  return (
    <section className="packets" aria-label="Packet inspector">
      <div className="inspector-toolbar" role="toolbar" aria-label="Packet filters and actions">
        <label>
          Type
          <select value={filter.type} onChange={(e) => setFilter({ type: e.target.value as PacketFilter['type'] })}>
            <option value="any">any</option>
            {PACKET_TYPES.slice(1).map((type: PacketTypeName) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          Direction
          <select value={filter.direction} onChange={(e) => setFilter({ direction: e.target.value as PacketFilter['direction'] })}>
            <option value="any">both</option>
            <option value="out">sent</option>
            <option value="in">received</option>
          </select>
        </label>
        <label>
          Packet id
          <input className="narrow" value={filter.packetId} aria-invalid={idProblem ? true : undefined} onChange={(e) => setFilter({ packetId: e.target.value })} />
        </label>
        <label>
          Topic
          <input value={filter.topic} placeholder="text or filter (a/+/b)" onChange={(e) => setFilter({ topic: e.target.value })} />
        </label>
        <span className="log-count" role="status" aria-label="Packets kept">
          {(counts?.kept ?? 0).toLocaleString()} packets kept{counts && counts.dropped > 0 ? `, ${counts.dropped.toLocaleString()} oldest dropped` : ''}
          {rows.count !== (counts?.kept ?? 0) ? ` · ${rows.count.toLocaleString()} shown` : ''}
        </span>
        <label>
          Keep
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
                {n.toLocaleString()} packets
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void run(async () => saveExport(await inspector.exportPcapng(connectionId)))}>
          Export pcapng
        </button>
        <button type="button" onClick={() => void run(async () => saveExport(await inspector.exportJson(connectionId, revealSecrets)))}>
          Export JSON
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
          Clear capture
        </button>
      </div>
      {idProblem && <small className="error toolbar-error">{idProblem}</small>}
      {error && (
        <p role="alert" className="error toolbar-error">
          {error}
        </p>
      )}
      <PacketList count={rows.count} at={rows.at} selectedNo={selectedNo} onSelect={(row) => selectPacket(connectionId, row.no)} />
      {selectedRow ? <PacketDetails key={selectedRow.no} connectionId={connectionId} row={selectedRow} /> : <p className="empty details-empty">Select a packet to see its fields and bytes.</p>}
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
