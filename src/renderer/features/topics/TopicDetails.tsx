import { useMemo, useState } from 'react';
import { formatHex } from '../../../shared/payload/preview';
import { numericFields } from '../../../shared/payload/numericFields';
import { fromWire, unpackMessages } from '../../../shared/domain/packedBatch';
import { useEngine } from '../../services/engine';
import { useRefreshing } from '../../components/useRefreshing';
import { formatClock } from '../../components/formatTime';
import { ClearRetained } from './ClearRetained';
import { lineDiff, readablePayload } from './topicHistory';
import { topicTrees } from '../../services/topicTrees';
import { ValueChart } from './ValueChart';
import { LargePayloadActions } from './LargePayloadActions';

const HISTORY_SHOWN = 200;

/**
 * The selected topic: its last payload in full, its history from the engine's store, a diff and
 * a chart over everything kept. Both are fetched again as the topic receives more.
 */
export function TopicDetails({ connectionId, path }: { connectionId: string; path: string }) {
  const { messages } = useEngine();
  const node = topicTrees.tree(connectionId).node(path);
  const version = node?.ownMessages ?? 0;
  const fetched = useRefreshing(
    async () => {
      const answer = await messages.topicHistory(connectionId, path, HISTORY_SHOWN);
      return { total: answer.total, history: unpackMessages(fromWire(answer.messages)) };
    },
    `${connectionId}\n${path}`,
    version,
  );
  const history = fetched.value?.history ?? [];
  const kept = fetched.value?.total ?? 0;
  const last = history[history.length - 1];
  const previous = history[history.length - 2];
  const fieldNames = useMemo(() => (last ? [...numericFields(last.payload).keys()] : []), [last]);
  const [field, setField] = useState<string>();
  const chartField = field !== undefined && fieldNames.includes(field) ? field : fieldNames[0];
  const series = useRefreshing(
    async () => (chartField === undefined ? undefined : messages.series(connectionId, path, chartField)),
    `${connectionId}\n${path}\n${chartField === undefined ? 'none' : `field:${chartField}`}`,
    version,
  ).value;
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
              History <span className="muted">{kept > history.length ? `latest ${history.length} of ${kept.toLocaleString()} kept` : `${kept.toLocaleString()} kept`}</span>
            </h3>
            <ol className="history" aria-label="Topic history" reversed>
              {history
                .slice()
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
      ) : fetched.error ? (
        <p className="error" role="alert">
          {fetched.error}
        </p>
      ) : fetched.value === undefined ? (
        <p className="muted">Loading…</p>
      ) : (
        <p className="muted">No message on this exact topic is kept; its subtopics have {node.subtreeMessages.toLocaleString()}.</p>
      )}
    </div>
  );
}
