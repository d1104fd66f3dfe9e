import { useState, type FormEvent } from 'react';
import { storeLimitsSchema, type HistoryStatus } from '../../../shared/domain/messageStore';
import { byteCount } from '../../../shared/payload/byteCount';
import { useEngine } from '../../services/engine';
import { useAction } from '../../components/useAction';
import { Field } from '../../components/Field';
import type { TFunction } from 'i18next';
import { useLocale } from '../useLocale';

const MB = 1024 * 1024;

/** How much the engine keeps per connection: a message cap and a memory budget, oldest dropped first. */
export function StoreLimitsControl({ history }: { history?: HistoryStatus | undefined }) {
  const { t, number } = useLocale();
  const { messages } = useEngine();
  const [maxMessages, setMaxMessages] = useState('');
  const [maxMegabytes, setMaxMegabytes] = useState('');
  const [saved, setSaved] = useState<string>();
  const [problems, setProblems] = useState<{ maxMessages?: string; maxBytes?: string }>({});
  const save = useAction();

  async function load() {
    const limits = await messages.limits();
    setMaxMessages(String(limits.maxMessages));
    setMaxMegabytes(String(Math.round(limits.maxBytes / MB)));
    setProblems({});
    setSaved(undefined);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    // An empty box is "no number" (NaN), not 0, so the schema says what is missing.
    const number = (text: string) => Number(text.trim() || NaN);
    const parsed = storeLimitsSchema.safeParse({ maxMessages: number(maxMessages), maxBytes: Math.round(number(maxMegabytes) * MB) });
    if (!parsed.success) {
      const found: { maxMessages?: string; maxBytes?: string } = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as 'maxMessages' | 'maxBytes';
        found[key] ??= issue.message;
      }
      setProblems(found);
      return;
    }
    setProblems({});
    await save.run(async () => {
      await messages.setLimits(parsed.data);
      setSaved(t('log.limits.saved'));
    });
  }

  return (
    <details className="store-limits" onToggle={(e) => (e.currentTarget.open ? void load() : undefined)}>
      <summary>{t('log.limits.title')}</summary>
      <form className="popover" aria-label={t('log.limits.label')} noValidate onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('log.limits.explain')}</p>
        <Field label={t('log.limits.maxMessages')} error={problems.maxMessages}>
          {(field) => <input {...field} inputMode="numeric" value={maxMessages} onChange={(e) => setMaxMessages(e.target.value)} />}
        </Field>
        <Field label={t('log.limits.maxMegabytes')} error={problems.maxBytes}>
          {(field) => <input {...field} inputMode="numeric" value={maxMegabytes} onChange={(e) => setMaxMegabytes(e.target.value)} />}
        </Field>
        <button type="submit">{t('log.limits.save')}</button>
        <p className="muted" aria-label={t('log.limits.historyLabel')}>{history ? historyUse(history, t, number) : t('log.limits.memoryOnly')}</p>
        {save.error && (
          <small className="error" role="alert">
            {save.error}
          </small>
        )}
        {saved && <small role="status">{saved}</small>}
      </form>
    </details>
  );
}

/** "On disk: 12,000 messages (1.1 MB); history keeps up to 1,000,000 messages, 1 GB and 7 days." */
function historyUse(history: HistoryStatus, t: TFunction, number: (value: number) => string): string {
  const { maxMessages, maxBytes, maxAgeMs } = history.retention;
  const days = Math.round(maxAgeMs / (24 * 3600 * 1000));
  return t('log.limits.historyUse', { messages: number(history.diskMessages), size: byteCount(history.diskBytes), maxMessages: number(maxMessages), maxSize: byteCount(maxBytes), count: days });
}
