import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseRecording, type RecordedMessage } from '../../../shared/domain/recording';
import { Check, Field } from '../../components/Field';
import { describeError } from '../../components/describeError';
import { useEngine } from '../../services/engine';
import { publishReplay, type ReplayState } from '../../services/publishReplay';

/** Larger recordings are for `qoscope replay`, which reads them from disk. */
const MAX_FILE_BYTES = 100 * 1024 * 1024;

type Loaded = { name: string; messages: RecordedMessage[] };

/**
 * *Replay…*: publish a recording again (a JSON Lines export of the log, or `qoscope record`'s
 * file) on this connection, with its original timing, faster or slower, once or in a loop. The
 * whole file is checked when it is chosen: a bad line is named there, and nothing is sent.
 */
export function ReplayControls({ connectionId, isV5 }: { connectionId: string; isV5: boolean }) {
  const { t } = useTranslation();
  const { connections } = useEngine();
  const replay = publishReplay(connectionId);
  const [state, setState] = useState<ReplayState>(replay.state);
  const [loaded, setLoaded] = useState<Loaded>();
  const [speed, setSpeed] = useState('1');
  const [loop, setLoop] = useState(false);
  const [problems, setProblems] = useState<{ file?: string; speed?: string }>({});
  useEffect(() => {
    setState(replay.state);
    const subscription = replay.onDidChange(setState);
    return () => subscription.dispose();
  }, [replay]);

  async function choose(file: File | undefined) {
    setLoaded(undefined);
    setProblems((p) => ({ ...p, file: undefined }));
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setProblems((p) => ({ ...p, file: t('publish.replay.tooLarge', { name: file.name }) }));
    const parsed = parseRecording(await file.text());
    if (!parsed.ok) return setProblems((p) => ({ ...p, file: t('publish.replay.badLine', { name: file.name, line: parsed.line, error: parsed.error }) }));
    if (parsed.messages.length === 0) return setProblems((p) => ({ ...p, file: t('publish.replay.empty', { name: file.name }) }));
    setLoaded({ name: file.name, messages: parsed.messages });
  }

  function start() {
    const factor = speed.trim() === '' ? NaN : Number(speed.trim());
    const found = {
      ...(!loaded ? { file: problems.file ?? t('publish.replay.chooseFirst') } : {}),
      ...(!Number.isFinite(factor) || factor < 0 || factor > 1000 ? { speed: t('publish.replay.badSpeed') } : {}),
    };
    setProblems(found);
    if (!loaded || found.file || found.speed) return;
    replay.start(loaded.messages, { speed: factor, loop }, async (message) => {
      const properties = isV5 ? message.properties : undefined;
      try {
        await connections.publish(connectionId, { topic: message.topic, payload: message.payload, qos: message.qos, retain: message.retain, ...(properties ? { properties } : {}) });
      } catch (error) {
        throw new Error(describeError(error));
      }
    });
  }

  // Tenths of a second: a short recording is not "over 0 s".
  const seconds = loaded ? Math.round(((loaded.messages[loaded.messages.length - 1]?.at ?? 0) - (loaded.messages[0]?.at ?? 0)) / 100) / 10 : 0;
  const status = state.running
    ? loop
      ? t('publish.replay.progressLoop', { sent: state.sent, total: state.total })
      : t('publish.replay.progress', { sent: state.sent, total: state.total })
    : state.error
      ? t('publish.replay.failed', { sent: state.sent, reason: state.error })
      : state.sent > 0
        ? state.sent >= state.total && !loop
          ? t('publish.replay.done', { count: state.sent })
          : t('publish.replay.stopped', { sent: state.sent })
        : undefined;

  return (
    <details className="publish-replay">
      <summary>{t('publish.replay.title')}</summary>
      <p className="hint">{t('publish.replay.hint')}</p>
      <div className="inline-form">
        <Field
          label={t('publish.replay.file')}
          error={problems.file}
          hint={loaded ? t('publish.replay.loaded', { count: loaded.messages.length, seconds }) + (!isV5 && loaded.messages.some((m) => m.properties) ? ` ${t('publish.replay.noProperties')}` : '') : undefined}
        >
          {(field) => <input {...field} type="file" accept=".jsonl,.ndjson,.json,application/x-ndjson,application/json" disabled={state.running} onChange={(e) => void choose(e.target.files?.[0])} />}
        </Field>
        <Field label={t('publish.replay.speed')} error={problems.speed}>
          {(field) => <input {...field} className="narrow" inputMode="decimal" value={speed} disabled={state.running} onChange={(e) => setSpeed(e.target.value)} />}
        </Field>
        <Check label={t('publish.replay.loop')} checked={loop} onChange={setLoop} />
        {state.running ? (
          <button type="button" onClick={() => replay.stop()}>
            {t('publish.replay.stop')}
          </button>
        ) : (
          <button type="button" onClick={start}>
            {t('publish.replay.start')}
          </button>
        )}
      </div>
      {status && (
        <p role="status" aria-label={t('publish.replay.status')} className={state.error ? 'error' : undefined}>
          {status}
        </p>
      )}
    </details>
  );
}
