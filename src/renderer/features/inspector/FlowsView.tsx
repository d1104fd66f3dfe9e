import { useEffect, useMemo, useState } from 'react';
import type { FlowPage } from '../../../shared/contract/inspector';
import type { Flow, FlowKind } from '../../../shared/inspector/flows';
import { useNow } from '../../components/useNow';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import { formatClock, formatDuration } from '../../components/formatTime';
import { PagedPackets } from '../../services/pagedPackets';
import { usePagedView } from '../usePagedView';

const FLOW_LIMIT = 500;
const REFRESH_MS = 250;

const KIND_LABEL: Record<FlowKind, string> = {
  qos1: 'QoS 1',
  qos2: 'QoS 2',
  connect: 'Connect',
  subscribe: 'Subscribe',
  unsubscribe: 'Unsubscribe',
  ping: 'Ping',
};

/** Handshakes as sequence diagrams: each step an arrow between QoScope and the broker, with its time. */
export function FlowsView({ connectionId }: { connectionId: string }) {
  const { inspector } = useEngine();
  const selectPacket = useAppStore((s) => s.selectPacket);
  const setTab = useAppStore((s) => s.setTab);
  const [page, setPage] = useState<FlowPage>();
  const [kinds, setKinds] = useState<'all' | 'qos'>('qos');
  const pending = page?.flows.some((flow) => flow.status === 'pending') ?? false;
  const now = useNow(pending, 500);

  // The capture's (unfiltered) view announces new packets; the flows are read again then, at most every REFRESH_MS.
  const captured = useMemo(() => new PagedPackets(inspector, connectionId, {}), [inspector, connectionId]);
  usePagedView(captured);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let alive = true;
    const load = () => {
      timer = undefined;
      inspector.flows(connectionId, FLOW_LIMIT).then((result) => alive && setPage(result), () => undefined);
    };
    load();
    const unsubscribe = captured.changed.subscribe(() => {
      timer ??= setTimeout(load, REFRESH_MS);
    });
    return () => {
      alive = false;
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [inspector, connectionId, captured]);

  const flows = (page?.flows ?? []).filter((flow) => kinds === 'all' || flow.kind === 'qos1' || flow.kind === 'qos2');

  return (
    <section className="flows" aria-label="Flows">
      <div className="inspector-toolbar">
        <label>
          Show
          <select value={kinds} onChange={(e) => setKinds(e.target.value as 'all' | 'qos')}>
            <option value="qos">QoS 1 and 2 exchanges</option>
            <option value="all">every exchange</option>
          </select>
        </label>
        <span className="log-count" role="status" aria-label="Flow count">
          {page ? `${flows.length.toLocaleString()} shown of ${page.total.toLocaleString()} flows` : 'Loading…'}
        </span>
      </div>
      <div className="flow-scroll">
        {flows.length === 0 && <p className="empty">No exchanges yet. Publish or subscribe with QoS 1 or 2 to see handshakes here.</p>}
        {[...flows].reverse().map((flow) => (
          <FlowDiagram
            key={flow.id}
            flow={flow}
            now={now}
            onStep={(no) => {
              selectPacket(connectionId, no);
              setTab('packets');
            }}
          />
        ))}
      </div>
    </section>
  );
}

function statusText(flow: Flow, now: number): string {
  const last = flow.steps[flow.steps.length - 1];
  if (flow.status === 'pending') return `pending${last ? `, waiting ${formatDuration(Math.max(0, now - last.time))}` : ''}${flow.note ? ` (${flow.note})` : ''}`;
  if (flow.status === 'broken') return `broken${flow.note ? `: ${flow.note}` : ''}`;
  const first = flow.steps[0];
  return first && last ? `complete in ${formatDuration(last.time - first.time)}` : 'complete';
}

function FlowDiagram({ flow, now, onStep }: { flow: Flow; now: number; onStep(no: number): void }) {
  const start = flow.steps[0]?.time ?? 0;
  const who = flow.initiator === 'out' ? 'sent by QoScope' : 'sent by the broker';
  const title = `${KIND_LABEL[flow.kind]}${flow.packetId !== undefined ? `, packet id ${flow.packetId}` : ''}${flow.topic ? `, ${flow.topic}` : ''}`;
  const status = statusText(flow, now);
  return (
    <article className={`flow ${flow.status}`} aria-label={`${title}: ${status}`}>
      <header>
        <strong>{title}</strong> <span className="muted">{who}</span> <span className={`flow-status ${flow.status}`}>{status}</span>
      </header>
      {flow.problems.length > 0 && (
        <ul className="problems">
          {flow.problems.map((problem) => (
            <li key={problem}>⚠ {problem}</li>
          ))}
        </ul>
      )}
      <div className="lifelines" aria-hidden="true">
        <span>QoScope</span>
        <span>Broker</span>
      </div>
      <ol className="steps" aria-label="Steps">
        {flow.steps.map((step, index) => (
          <li key={step.no} className={`step ${step.direction}`}>
            <button type="button" className="step-arrow" onClick={() => onStep(step.no)} aria-label={`${index + 1}. ${step.type} ${step.direction === 'out' ? 'sent' : 'received'} at +${formatDuration(step.time - start)}`}>
              <span className="arrow-label">
                {step.type} <span className="muted">#{step.no}</span>
              </span>
              <span className="arrow-line" aria-hidden="true" />
            </button>
            <span className="step-time">
              +{formatDuration(step.time - start)} <span className="muted">{formatClock(step.time)}</span>
            </span>
          </li>
        ))}
        {flow.status === 'pending' && flow.note && <li className="step waiting">… {flow.note}</li>}
      </ol>
    </article>
  );
}
