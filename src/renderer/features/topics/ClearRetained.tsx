import { describeError } from '../../components/describeError';
import { useState } from 'react';
import type { TopicNode } from '../../../shared/topics/topicTree';
import { useEngine } from '../../services/engine';
import { retainedTopics } from './retainedTopics';
import { topicTrees } from '../../services/topicTrees';

/** At most this many clearing publishes in flight at once: quick, without flooding the broker. */
const PARALLEL = 16;

type Progress = { done: number; total: number; failed: string[]; finished: boolean };

/**
 * Deletes retained messages for a topic or a whole subtree by publishing an empty retained
 * message to each (MQTT: an empty retained PUBLISH removes the stored one), after a confirmation
 * that says how many, with progress and the result.
 */
export function ClearRetained({ connectionId, node }: { connectionId: string; node: TopicNode }) {
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
          {count === 1 && node.retained ? 'Clear retained message…' : `Clear ${count} retained message${count === 1 ? '' : 's'}…`}
        </button>
      )}
      {confirming && (
        <div role="alertdialog" aria-label="Confirm clearing retained messages" className="confirm">
          <p>
            Delete the retained message{confirming.length === 1 ? '' : 's'} of {confirming.length} topic{confirming.length === 1 ? '' : 's'} under{' '}
            <code>{node.path === '' ? '(empty)' : node.path}</code> from the broker? New subscribers will no longer receive them.
          </p>
          <button type="button" className="danger" onClick={() => void clear(confirming)}>
            Delete {confirming.length}
          </button>
          <button type="button" onClick={() => setConfirming(undefined)}>
            Cancel
          </button>
        </div>
      )}
      {progress && (
        <p role="status" aria-label="Clearing retained messages" className={progress.failed.length ? 'error' : progress.finished ? 'ok' : undefined}>
          {progress.finished
            ? `Cleared ${progress.done - progress.failed.length} of ${progress.total} retained message${progress.total === 1 ? '' : 's'}${progress.failed.length ? `; failed: ${progress.failed.join('; ')}` : ''}`
            : `Clearing… ${progress.done} of ${progress.total}`}
        </p>
      )}
    </div>
  );
}
