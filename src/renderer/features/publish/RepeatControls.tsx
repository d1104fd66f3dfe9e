import { useEffect, useState } from 'react';
import { publishRepeat, type RepeatState } from '../../services/publishRepeat';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';

const MIN_INTERVAL_MS = 10;
const MAX_INTERVAL_MS = 86_400_000;
const MAX_COUNT = 1_000_000;

/**
 * Repeat the composer's message every N ms, M times or until stopped, with a live counter.
 * `send(seq)` sends message number `seq` (placeholders filled) and throws, in words, if it cannot.
 */
export function RepeatControls({ connectionId, send }: { connectionId: string; send: (seq: number) => Promise<void> }) {
  const { t } = useTranslation();
  const repeat = publishRepeat(connectionId);
  const [state, setState] = useState<RepeatState>(repeat.state);
  const [interval, setIntervalText] = useState('1000');
  const [count, setCount] = useState('10');
  const [problems, setProblems] = useState<{ interval?: string; count?: string }>({});
  useEffect(() => {
    setState(repeat.state);
    const subscription = repeat.onDidChange(setState);
    return () => subscription.dispose();
  }, [repeat]);

  function start() {
    const intervalMs = Number(interval.trim());
    const times = count.trim() === '' ? undefined : Number(count.trim());
    const found = {
      ...(!Number.isInteger(intervalMs) || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS ? { interval: t('publish.repeat.badInterval') } : {}),
      ...(times !== undefined && (!Number.isInteger(times) || times < 1 || times > MAX_COUNT) ? { count: t('publish.repeat.badCount') } : {}),
    };
    setProblems(found);
    if (found.interval || found.count) return;
    repeat.start({ intervalMs, count: times }, send);
  }

  const status = state.running || (state.total !== undefined && state.sent === state.total)
    ? state.total === undefined
      ? t('publish.repeat.progressOpen', { sent: state.sent })
      : t('publish.repeat.progress', { sent: state.sent, total: state.total })
    : state.error
      ? t('publish.repeat.failed', { sent: state.sent, reason: state.error })
      : state.sent > 0
        ? t('publish.repeat.stopped', { sent: state.sent })
        : undefined;

  return (
    <details className="publish-repeat">
      <summary>{t('publish.repeat.title')}</summary>
      <p className="hint">{t('publish.repeat.hint', { seq: '{{seq}}', timestamp: '{{timestamp}}', uuid: '{{uuid}}' })}</p>
      <div className="inline-form">
        <Field label={t('publish.repeat.interval')} error={problems.interval}>
          {(field) => <input {...field} inputMode="numeric" value={interval} disabled={state.running} onChange={(e) => setIntervalText(e.target.value)} />}
        </Field>
        <Field label={t('publish.repeat.count')} error={problems.count}>
          {(field) => <input {...field} inputMode="numeric" value={count} disabled={state.running} onChange={(e) => setCount(e.target.value)} />}
        </Field>
        {state.running ? (
          <button type="button" onClick={() => repeat.stop()}>
            {t('publish.repeat.stop')}
          </button>
        ) : (
          <button type="button" onClick={start}>
            {t('publish.repeat.start')}
          </button>
        )}
      </div>
      {status && (
        <p role="status" aria-label={t('publish.repeat.status')} className={state.error ? 'error' : undefined}>
          {status}
        </p>
      )}
    </details>
  );
}
