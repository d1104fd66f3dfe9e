import { describeError } from '../../components/describeError';
import { useState } from 'react';
import type { TopicNode } from '../../../shared/topics/topicTree';
import { useEngine } from '../../services/engine';
import { retainedTopics } from './retainedTopics';
import { isSystemTopic } from '../../../shared/mqtt/topic';
import { MAX_RETAINED_CHECK } from '../../../shared/contract/connections';
import { topicTrees } from '../../services/topicTrees';
import { useTranslation } from 'react-i18next';

/** At most this many clearing publishes in flight at once: quick, without flooding the broker. */
const PARALLEL = 16;

type Progress = {
  done: number;
  total: number;
  failed: string[];
  /** Set once cleared: asking the broker what it still keeps, then its answer. */
  check?: { state: 'asking' } | { state: 'answered'; stillKept: string[] } | { state: 'failed'; reason: string };
  finished: boolean;
};

/**
 * Deletes retained messages for a topic or a whole subtree by publishing an empty retained
 * message to each (MQTT: an empty retained PUBLISH removes the stored one), after a confirmation
 * that says how many, with progress and the result. The result is what the broker says
 * afterwards, not what was sent: a broker may refuse to delete without saying so (an ACL under
 * MQTT 3.1.1 acknowledges the PUBLISH all the same).
 */
export function ClearRetained({ connectionId, node }: { connectionId: string; node: TopicNode }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const [confirming, setConfirming] = useState<string[]>();
  // `$SYS` topics are the broker's own: it refuses to delete them (mosquitto, on MQTT 5, even drops
  // the connection over the attempt), so they are left alone and the user is told why.
  const clearable = (confirming ?? []).filter((topic) => !isSystemTopic(topic));
  const system = (confirming ?? []).filter(isSystemTopic);
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
    setProgress({ ...state, check: { state: 'asking' } });
    const sent = topics.filter((topic) => !state.failed.some((failure) => failure.startsWith(`${topic}: `)));
    try {
      const stillKept: string[] = [];
      for (let at = 0; at < sent.length; at += MAX_RETAINED_CHECK) stillKept.push(...(await connections.retainedStill(connectionId, sent.slice(at, at + MAX_RETAINED_CHECK))));
      setProgress({ ...state, check: { state: 'answered', stillKept }, finished: true });
    } catch (error) {
      setProgress({ ...state, check: { state: 'failed', reason: describeError(error) }, finished: true });
    }
  }

  function finishedText(done: Progress): string {
    const kept = stillKept(done);
    const cleared = done.done - done.failed.length - kept.length;
    const parts: string[] = [t('topics.clear.cleared', { count: done.total, cleared })];
    if (kept.length > 0) parts.push(t('topics.clear.stillKept', { count: kept.length }));
    if (done.check?.state === 'failed') parts.push(t('topics.clear.checkFailed', { reason: done.check.reason }));
    if (done.failed.length) parts.push(t('topics.clear.failed', { failures: done.failed.join('; ') }));
    return parts.join('; ');
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
          {clearable.length > 0 && (
            <p>
              {t('topics.clear.confirm', { count: clearable.length })} <code>{node.path === '' ? t('common.empty') : node.path}</code>{' '}
              {t('topics.clear.confirmEnd')}
            </p>
          )}
          {system.length > 0 && <p>{t('topics.clear.systemLeft', { count: system.length })}</p>}
          {clearable.length > 0 && (
            <button type="button" className="danger" onClick={() => void clear(clearable)}>
              {t('topics.clear.delete', { count: clearable.length })}
            </button>
          )}
          <button type="button" onClick={() => setConfirming(undefined)}>
            {clearable.length > 0 ? t('common.cancel') : t('common.close')}
          </button>
        </div>
      )}
      {progress && (
        <p role="status" aria-label={t('topics.clear.progressLabel')} className={progress.failed.length || stillKept(progress).length ? 'error' : progress.finished ? 'ok' : undefined}>
          {progress.finished ? finishedText(progress) : progress.check ? t('topics.clear.checking') : t('topics.clear.clearing', { done: progress.done, total: progress.total })}
        </p>
      )}
    </div>
  );
}

function stillKept(progress: Progress): string[] {
  return progress.check?.state === 'answered' ? progress.check.stillKept : [];
}
