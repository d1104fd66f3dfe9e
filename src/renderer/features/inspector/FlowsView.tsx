import { useEffect, useMemo, useState } from 'react';
import type { FlowPage } from '../../../shared/contract/inspector';
import type { Flow, FlowKind } from '../../../shared/inspector/flows';
import { useNow } from '../../components/useNow';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import type { TFunction } from 'i18next';
import { useLocale } from '../useLocale';
import type { LocaleFormat } from '../../i18n/localeFormat';
import { PagedPackets } from '../../services/pagedPackets';
import { usePagedView } from '../usePagedView';

const FLOW_LIMIT = 500;
const REFRESH_MS = 250;

type Locale = LocaleFormat & { t: TFunction };

/** Handshakes as sequence diagrams: each step an arrow between QoScope and the broker, with its time. */
export function FlowsView({ connectionId }: { connectionId: string }) {
  const { inspector } = useEngine();
  const locale = useLocale();
  const { t, number } = locale;
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
    <section className="flows" aria-label={t('flows.title')}>
      <div className="inspector-toolbar">
        <label>
          {t('flows.show')}
          <select value={kinds} onChange={(e) => setKinds(e.target.value as 'all' | 'qos')}>
            <option value="qos">{t('flows.qosOnly')}</option>
            <option value="all">{t('flows.all')}</option>
          </select>
        </label>
        <span className="log-count" role="status" aria-label={t('flows.count')}>
          {page ? t('flows.shownOf', { count: page.total, shown: number(flows.length), total: number(page.total) }) : t('common.loading')}
        </span>
      </div>
      <div className="flow-scroll">
        {flows.length === 0 && <p className="empty">{t('flows.none')}</p>}
        {[...flows].reverse().map((flow) => (
          <FlowDiagram
            key={flow.id}
            flow={flow}
            now={now}
            locale={locale}
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

function statusText(flow: Flow, now: number, { t, duration }: Locale): string {
  const last = flow.steps[flow.steps.length - 1];
  if (flow.status === 'pending') {
    const waiting = last ? t('flows.waiting', { duration: duration(Math.max(0, now - last.time)) }) : '';
    return `${t('flows.pending')}${waiting}${flow.note ? ` (${flow.note})` : ''}`;
  }
  if (flow.status === 'broken') return `${t('flows.broken')}${flow.note ? `: ${flow.note}` : ''}`;
  const first = flow.steps[0];
  return first && last ? t('flows.completeIn', { duration: duration(last.time - first.time) }) : t('flows.complete');
}

function FlowDiagram({ flow, now, locale, onStep }: { flow: Flow; now: number; locale: Locale; onStep(no: number): void }) {
  const { t, duration, clock } = locale;
  const start = flow.steps[0]?.time ?? 0;
  const who = flow.initiator === 'out' ? t('flows.byQoScope') : t('flows.byBroker');
  const kind: FlowKind = flow.kind;
  const title = `${t(`flows.kinds.${kind}`)}${flow.packetId !== undefined ? `, ${t('flows.packetId', { id: flow.packetId })}` : ''}${flow.topic ? `, ${flow.topic}` : ''}`;
  const status = statusText(flow, now, locale);
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
        <span>{t('flows.broker')}</span>
      </div>
      <ol className="steps" aria-label={t('flows.steps')}>
        {flow.steps.map((step, index) => (
          <li key={step.no} className={`step ${step.direction}`}>
            <button type="button" className="step-arrow" onClick={() => onStep(step.no)} aria-label={t(step.direction === 'out' ? 'flows.stepSent' : 'flows.stepReceived', { index: index + 1, type: step.type, at: duration(step.time - start) })}>
              <span className="arrow-label">
                {step.type} <span className="muted">#{step.no}</span>
              </span>
              <span className="arrow-line" aria-hidden="true" />
            </button>
            <span className="step-time">
              +{duration(step.time - start)} <span className="muted">{clock(step.time)}</span>
            </span>
          </li>
        ))}
        {flow.status === 'pending' && flow.note && <li className="step waiting">… {flow.note}</li>}
      </ol>
    </article>
  );
}
