import { useMemo, useState } from 'react';
import { formatHex } from '../../../shared/payload/preview';
import { numericFields } from '../../../shared/payload/numericFields';
import { fromWire, unpackMessages } from '../../../shared/domain/packedBatch';
import { useEngine } from '../../services/engine';
import { useRefreshing } from '../../components/useRefreshing';
import { useLocale } from '../useLocale';
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
  const { t, number, clock } = useLocale();
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
    <div className="topic-details" role="region" aria-label={t('topics.details.label', { path })}>
      <div className="details-title">
        <strong>{path === '' ? t('common.empty') : path}</strong>
        <span className="muted">
          {t('topics.messageCount', { count: node.subtreeMessages, n: number(node.subtreeMessages) })}
          {node.retained ? ` · ${t('topics.retained')}` : ''}
        </span>
        <ClearRetained connectionId={connectionId} node={node} />
      </div>
      {last ? (
        <div className="topic-panes">
          <section aria-label={t('topics.details.lastPayload')}>
            <h3>
              {t('topics.details.lastPayload')}{' '}
              <span className="muted">
                {number(last.payload.byteLength)} B · QoS {last.qos}
                {last.retain ? ` · ${t('topics.retained')}` : ''} · {clock(last.time)}
              </span>
            </h3>
            {last.size !== undefined && <LargePayloadActions connectionId={connectionId} topic={path} seq={last.seq} size={last.size} preview={last.payload.byteLength} />}
            <pre className="payload-full">{lastText ?? formatHex(last.payload, 4096)}</pre>
          </section>
          {previous && (
            <section aria-label={t('topics.details.change')}>
              <h3>{t('topics.details.change')}</h3>
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
                <p className="muted">{t('topics.details.binary')}</p>
              )}
            </section>
          )}
          {series && chartField !== undefined && (
            <section aria-label={t('topics.details.chart')}>
              <h3>
                {t('topics.details.chart')}{' '}
                {fieldNames.length > 1 || chartField !== '' ? (
                  <label>
                    {t('topics.details.of')}{' '}
                    <select value={chartField} onChange={(e) => setField(e.target.value)} aria-label={t('topics.details.field')}>
                      {fieldNames.map((name) => (
                        <option key={name} value={name}>
                          {name === '' ? t('topics.details.value') : name}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : null}
              </h3>
              <ValueChart times={series.times} values={series.values} label={chartField === '' ? path : `${path} ${chartField}`} />
            </section>
          )}
          <section aria-label={t('topics.details.history')}>
            <h3>
              {t('topics.details.history')}{' '}
              <span className="muted">
                {kept > history.length ? t('topics.details.latestOf', { shown: number(history.length), kept: number(kept) }) : t('topics.details.kept', { kept: number(kept) })}
              </span>
            </h3>
            <ol className="history" aria-label={t('topics.details.historyList')} reversed>
              {history
                .slice()
                .reverse()
                .map((message) => (
                  <li key={message.seq}>
                    <span className="muted">{clock(message.time)}</span> <span className={`badge qos${message.qos}`}>QoS {message.qos}</span>{' '}
                    {message.retain && <span className="badge retained">{t('common.retained')}</span>}{' '}
                    {readablePayload(message.payload)?.slice(0, 200) ?? t('common.hex', { bytes: formatHex(message.payload, 64) })}
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
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <p className="muted">{t('topics.details.onlySubtopics', { n: number(node.subtreeMessages) })}</p>
      )}
    </div>
  );
}
