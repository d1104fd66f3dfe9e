import { useState, type FormEvent } from 'react';
import { DEFAULT_HISTORY_RETENTION, storeLimitsSchema, type HistoryStatus } from '../../../shared/domain/messageStore';
import { byteCount } from '../../../shared/payload/byteCount';
import { useEngine } from '../../services/engine';
import { useAction } from '../../components/useAction';
import { Field } from '../../components/Field';
import type { TFunction } from 'i18next';
import { useLocale } from '../useLocale';

const MB = 1024 * 1024;
const DAY_MS = 24 * 3600 * 1000;

type Box = 'maxMessages' | 'maxMegabytes' | 'historyMessages' | 'historyMegabytes' | 'historyDays';
/** Where the schema's error paths are shown. */
const BOX_OF_PATH: Record<string, Box> = {
  maxMessages: 'maxMessages',
  maxBytes: 'maxMegabytes',
  'history.maxMessages': 'historyMessages',
  'history.maxBytes': 'historyMegabytes',
  'history.maxAgeMs': 'historyDays',
};

/**
 * How much the engine keeps per connection: a message cap and a memory budget in memory, oldest
 * dropped first; and how much history on disk (messages, size, age), oldest files deleted first.
 */
export function StoreLimitsControl({ history }: { history?: HistoryStatus | undefined }) {
  const { t, number } = useLocale();
  const { messages } = useEngine();
  const [values, setValues] = useState<Record<Box, string>>({ maxMessages: '', maxMegabytes: '', historyMessages: '', historyMegabytes: '', historyDays: '' });
  const [saved, setSaved] = useState<string>();
  const [problems, setProblems] = useState<Partial<Record<Box, string>>>({});
  const save = useAction();
  const set = (box: Box) => (text: string) => setValues((current) => ({ ...current, [box]: text }));

  async function load() {
    const limits = await messages.limits();
    const retention = limits.history ?? DEFAULT_HISTORY_RETENTION;
    setValues({
      maxMessages: String(limits.maxMessages),
      maxMegabytes: String(Math.round(limits.maxBytes / MB)),
      historyMessages: String(retention.maxMessages),
      historyMegabytes: String(Math.round(retention.maxBytes / MB)),
      historyDays: String(Math.round((retention.maxAgeMs / DAY_MS) * 100) / 100),
    });
    setProblems({});
    setSaved(undefined);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    // An empty box is "no number" (NaN), not 0, so the schema says what is missing.
    const typed = (box: Box) => Number(values[box].trim() || NaN);
    const parsed = storeLimitsSchema.safeParse({
      maxMessages: typed('maxMessages'),
      maxBytes: Math.round(typed('maxMegabytes') * MB),
      history: { maxMessages: typed('historyMessages'), maxBytes: Math.round(typed('historyMegabytes') * MB), maxAgeMs: Math.round(typed('historyDays') * DAY_MS) },
    });
    if (!parsed.success) {
      const found: Partial<Record<Box, string>> = {};
      for (const issue of parsed.error.issues) {
        const box = BOX_OF_PATH[issue.path.join('.')];
        if (box) found[box] ??= issue.message;
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

  const box = (name: Box, label: string) => (
    <Field label={label} error={problems[name]}>
      {(field) => <input {...field} inputMode="decimal" value={values[name]} onChange={(e) => set(name)(e.target.value)} />}
    </Field>
  );

  return (
    <details className="store-limits" onToggle={(e) => (e.currentTarget.open ? void load() : undefined)}>
      <summary>{t('log.limits.title')}</summary>
      <form className="popover" aria-label={t('log.limits.label')} noValidate onSubmit={(e) => void submit(e)}>
        <p className="muted">{t('log.limits.explain')}</p>
        {box('maxMessages', t('log.limits.maxMessages'))}
        {box('maxMegabytes', t('log.limits.maxMegabytes'))}
        <p className="muted">{t('log.limits.historyExplain')}</p>
        {box('historyMessages', t('log.limits.historyMessages'))}
        {box('historyMegabytes', t('log.limits.historyMegabytes'))}
        {box('historyDays', t('log.limits.historyDays'))}
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

/** "On disk: 12,000 messages (1.1 MiB); history keeps up to 1,000,000 messages, 1,024 MB and 7 days, …" (MB as typed above). */
function historyUse(history: HistoryStatus, t: TFunction, number: (value: number) => string): string {
  const { maxMessages, maxBytes, maxAgeMs } = history.retention;
  const days = Math.round((maxAgeMs / DAY_MS) * 100) / 100;
  const onDisk = history.packets
    ? t('log.limits.onDiskWithPackets', { messages: number(history.diskMessages), size: byteCount(history.diskBytes), packets: number(history.packets.diskPackets), packetSize: byteCount(history.packets.diskBytes) })
    : t('log.limits.onDisk', { messages: number(history.diskMessages), size: byteCount(history.diskBytes) });
  return `${onDisk}; ${t('log.limits.keeps', { maxMessages: number(maxMessages), megabytes: number(Math.round(maxBytes / MB)), days: number(days), count: days })}`;
}
