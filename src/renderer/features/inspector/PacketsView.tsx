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

/** Wireshark's three panes for one connection: packet list, field tree, hex + ASCII. */
export function PacketsView({ connectionId }: { connectionId: string }) {
  const { inspector } = useEngine();
  const filter = useAppStore((s) => s.packetFilter);
  const setFilter = useAppStore((s) => s.setPacketFilter);
  const selectedNo = useAppStore((s) => s.selectedPacket[connectionId]);
  const selectPacket = useAppStore((s) => s.selectPacket);
  const revealSecrets = useAppStore((s) => s.revealSecrets);
  const { run, error } = useAction();
  const idProblem = packetIdProblem(filter.packetId);
  // A new engine view only when the query really changed (not on every keystroke that keeps it).
  const queryKey = JSON.stringify(toQuery(filter));
  const view = useMemo(() => new PagedPackets(inspector, connectionId, JSON.parse(queryKey) as PacketQuery), [inspector, connectionId, queryKey]);
  usePagedView(view);
  const [selectedIndex, setSelectedIndex] = useState<number>();
  const counts = view.status?.counts;
  const shown = view.status ? view.status.end - view.status.first : 0;

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
          {view.status && shown !== (counts?.kept ?? 0) ? ` · ${shown.toLocaleString()} shown${view.status.done ? '' : ' so far'}` : ''}
        </span>
        <label>
          Keep
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
              await inspector.clear(connectionId);
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
      <PacketList
        view={view}
        selectedNo={selectedNo}
        selectedIndex={selectedIndex}
        onSelect={(row, index) => {
          setSelectedIndex(index);
          selectPacket(connectionId, row.no);
        }}
      />
      {selectedNo !== undefined ? <PacketDetails key={selectedNo} connectionId={connectionId} no={selectedNo} /> : <p className="empty details-empty">Select a packet to see its fields and bytes.</p>}
    </section>
  );
}

/** Per connection; the engine drops the oldest beyond this and says how many. */
const CAPACITY_CHOICES = [10_000, 50_000, 200_000, 1_000_000, 5_000_000];

function packetIdProblem(text: string): string | undefined {
  const id = text.trim();
  if (id === '') return undefined;
  return /^\d+$/.test(id) && Number(id) >= 1 && Number(id) <= 65_535 ? undefined : 'Packet id is a number from 1 to 65535';
}

/** The filter bar as an engine query; a packet id still being typed wrong filters nothing yet. */
function toQuery(filter: PacketFilter): PacketQuery {
  const query: PacketQuery = {};
  if (filter.type !== 'any') query.type = filter.type;
  if (filter.direction !== 'any') query.direction = filter.direction;
  if (filter.packetId.trim() !== '' && !packetIdProblem(filter.packetId)) query.packetId = Number(filter.packetId.trim());
  if (filter.topic !== '') query.topic = filter.topic;
  return query;
}
