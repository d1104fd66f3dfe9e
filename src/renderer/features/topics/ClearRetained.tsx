import { describeError } from '../../components/describeError';
import { useState } from 'react';
import type { TopicNode } from '../../../shared/topics/topicTree';
import { useEngine } from '../../services/engine';
import { retainedTopics } from './retainedTopics';
import { topicTrees } from '../../services/topicTrees';
import { useTranslation } from 'react-i18next';

/** At most this many clearing publishes in flight at once: quick, without flooding the broker. */
const PARALLEL = 16;

type Progress = { done: number; total: number; failed: string[]; finished: boolean };

/**
 * Deletes retained messages for a topic or a whole subtree by publishing an empty retained
 * message to each (MQTT: an empty retained PUBLISH removes the stored one), after a confirmation
 * that says how many, with progress and the result.
 */
export function ClearRetained({ connectionId, node }: { connectionId: string; node: TopicNode }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const [confirming, setConfirming] = useState<string[]>();
  const [progress, setProgress] = useState<Progress>();
  const count = retainedTopics(node).length;

  async function clear(topics: string[]) {
    setConfirming(undefined);
    const state: Progress = { done: 0, total: topics.length, failed: [], finished: false };
    setProgress({ ...state });
    let next = 0;
    const worker = async () => {
      while (next < topics.length) {
        const topic = topics[next++]!;
        try {
          await connections.publish(connectionId, { topic, payload: new Uint8Array(), qos: 1, retain: true });
          topicTrees.tree(connectionId).markRetainedCleared(topic);
        } catch (error) {
          state.failed.push(`${topic}: ${describeError(error)}`);
        }
        state.done += 1;
        setProgress({ ...state });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, topics.length) }, worker));
    setProgress({ ...state, finished: true });
  }

  if (count === 0 && !progress) return null;
  return (
    <div className="clear-retained">
      {!confirming && !(progress && !progress.finished) && count > 0 && (
        <button type="button" className="danger" onClick={() => setConfirming(retainedTopics(node))}>
          {count === 1 && node.retained ? t('topics.clear.one') : t('topics.clear.many', { count })}
        </button>
      )}
      {confirming && (
        <div role="alertdialog" aria-label={t('topics.clear.confirmLabel')} className="confirm">
          <p>
            {t('topics.clear.confirm', { count: confirming.length })} <code>{node.path === '' ? t('common.empty') : node.path}</code>{' '}
            {t('topics.clear.confirmEnd')}
          </p>
          <button type="button" className="danger" onClick={() => void clear(confirming)}>
            {t('topics.clear.delete', { count: confirming.length })}
          </button>
          <button type="button" onClick={() => setConfirming(undefined)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {progress && (
        <p role="status" aria-label={t('topics.clear.progressLabel')} className={progress.failed.length ? 'error' : progress.finished ? 'ok' : undefined}>
          {progress.finished
            ? `${t('topics.clear.cleared', { count: progress.total, cleared: progress.done - progress.failed.length })}${progress.failed.length ? `; ${t('topics.clear.failed', { failures: progress.failed.join('; ') })}` : ''}`
            : t('topics.clear.clearing', { done: progress.done, total: progress.total })}
        </p>
      )}
    </div>
  );
}
