import { useMemo, useState } from 'react';
import { formatHex } from '../../../shared/payload/preview';
import { useAppStore } from '../../store';
import { formatClock } from '../../components/formatTime';
import { ClearRetained } from './ClearRetained';
import { lineDiff, numericFields, readablePayload, topicHistory } from './topicHistory';
import { topicTrees } from './topicTrees';
import { ValueChart } from './ValueChart';
import { LargePayloadActions } from './LargePayloadActions';

const HISTORY_SHOWN = 200;

/** The selected topic: its last payload in full, its kept history, a diff and a chart. */
export function TopicDetails({ connectionId, path }: { connectionId: string; path: string }) {
  const node = topicTrees.tree(connectionId).node(path);
  // Re-read when the log changes; the counts are what make this panel current.
  const logTotal = useAppStore((s) => s.logCounts[connectionId]?.total ?? 0);
  const history = useMemo(() => topicHistory(connectionId, path), [connectionId, path, logTotal]);
  const last = history[history.length - 1];
  const previous = history[history.length - 2];
  const fieldNames = useMemo(() => (last ? [...numericFields(last.payload).keys()] : []), [last]);
  const [field, setField] = useState<string>();
  const chartField = field !== undefined && fieldNames.includes(field) ? field : fieldNames[0];
  const series = useMemo(() => {
    if (chartField === undefined) return undefined;
    const times: number[] = [];
    const values: number[] = [];
    for (const message of history) {
      const value = numericFields(message.payload).get(chartField);
      if (value !== undefined) {
        times.push(message.time);
        values.push(value);
      }
    }
    return { times, values };
  }, [history, chartField]);
  if (!node) return null;

  const lastText = last ? readablePayload(last.payload) : undefined;
  const previousText = previous ? readablePayload(previous.payload) : undefined;

  return (
    <div className="topic-details" role="region" aria-label={`Topic ${path}`}>
      <div className="details-title">
        <strong>{path === '' ? '(empty)' : path}</strong>
        <span className="muted">
          {node.subtreeMessages.toLocaleString()} message{node.subtreeMessages === 1 ? '' : 's'}
          {node.retained ? ' · retained' : ''}
        </span>
        <ClearRetained connectionId={connectionId} node={node} />
      </div>
      {last ? (
        <div className="topic-panes">
          <section aria-label="Last payload">
            <h3>
              Last payload <span className="muted">{last.payload.byteLength} B · QoS {last.qos}{last.retain ? ' · retained' : ''} · {formatClock(last.time)}</span>
            </h3>
            {last.size !== undefined && <LargePayloadActions connectionId={connectionId} topic={path} seq={last.seq} size={last.size} preview={last.payload.byteLength} />}
            <pre className="payload-full">{lastText ?? formatHex(last.payload, 4096)}</pre>
          </section>
          {previous && (
            <section aria-label="Change from the previous value">
              <h3>Change from the previous value</h3>
              {lastText !== undefined && previousText !== undefined ? (
                <pre className="payload-diff">
                  {lineDiff(previousText, lastText).map((line, i) => (
                    <div key={i} className={`diff-${line.kind}`}>
                      {line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '- ' : '  '}
                      {line.text}
                    </div>
                  ))}
                </pre>
              ) : (
                <p className="muted">Binary payloads: see their bytes in the history.</p>
              )}
            </section>
          )}
          {series && chartField !== undefined && (
            <section aria-label="Chart">
              <h3>
                Chart{' '}
                {fieldNames.length > 1 || chartField !== '' ? (
                  <label>
                    of{' '}
                    <select value={chartField} onChange={(e) => setField(e.target.value)} aria-label="Field to chart">
                      {fieldNames.map((name) => (
                        <option key={name} value={name}>
                          {name === '' ? 'value' : name}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </h3>
              <ValueChart times={series.times} values={series.values} label={chartField === '' ? path : `${path} ${chartField}`} />
            </section>
          )}
          <section aria-label="History">
            <h3>
              History <span className="muted">{history.length > HISTORY_SHOWN ? `latest ${HISTORY_SHOWN} of ${history.length.toLocaleString()} kept` : `${history.length} kept`}</span>
            </h3>
            <ol className="history" aria-label="Topic history" reversed>
              {history
                .slice(-HISTORY_SHOWN)
                .reverse()
                .map((message) => (
                  <li key={message.seq}>
                    <span className="muted">{formatClock(message.time)}</span> <span className={`badge qos${message.qos}`}>QoS {message.qos}</span>{' '}
                    {message.retain && <span className="badge retained">Retained</span>} {readablePayload(message.payload)?.slice(0, 200) ?? `hex ${formatHex(message.payload, 64)}`}
                  </li>
                ))}
            </ol>
          </section>
        </div>
      ) : (
        <p className="muted">No message on this exact topic is kept; its subtopics have {node.subtreeMessages.toLocaleString()}.</p>
      )}
    </div>
  );
}
