import { useState, type FormEvent } from 'react';
import { DEFAULT_HISTORY_RETENTION, storeLimitsSchema, type HistoryStatus } from '../../../shared/domain/messageStore';
import { byteCount } from '../../../shared/payload/byteCount';
import { useEngine } from '../../services/engine';
import { useAction } from '../../components/useAction';
import { Field } from '../../components/Field';

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
    const number = (box: Box) => Number(values[box].trim() || NaN);
    const parsed = storeLimitsSchema.safeParse({
      maxMessages: number('maxMessages'),
      maxBytes: Math.round(number('maxMegabytes') * MB),
      history: { maxMessages: number('historyMessages'), maxBytes: Math.round(number('historyMegabytes') * MB), maxAgeMs: Math.round(number('historyDays') * DAY_MS) },
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
      setSaved('Saved: applies to every connection now.');
    });
  }

  const box = (name: Box, label: string) => (
    <Field label={label} error={problems[name]}>
      {(field) => <input {...field} inputMode="decimal" value={values[name]} onChange={(e) => set(name)(e.target.value)} />}
    </Field>
  );

  return (
    <details className="store-limits" onToggle={(e) => (e.currentTarget.open ? void load() : undefined)}>
      <summary>Limits</summary>
      <form className="popover" aria-label="Message store limits" noValidate onSubmit={(e) => void submit(e)}>
        <p className="muted">Per connection, the engine keeps messages up to both limits, dropping the oldest.</p>
        {box('maxMessages', 'Keep at most (messages)')}
        {box('maxMegabytes', 'Memory budget (MB)')}
        <p className="muted">History on disk, per connection: the oldest files are deleted beyond any of these.</p>
        {box('historyMessages', 'History: at most (messages)')}
        {box('historyMegabytes', 'History: at most (MB on disk)')}
        {box('historyDays', 'History: at most (days)')}
        <button type="submit">Save limits</button>
        <p className="muted" aria-label="History on disk">{history ? historyUse(history) : 'This connection keeps its messages in memory only.'}</p>
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
function historyUse(history: HistoryStatus): string {
  const { maxMessages, maxBytes, maxAgeMs } = history.retention;
  const days = Math.round((maxAgeMs / DAY_MS) * 100) / 100;
  const packets = history.packets ? ` and ${history.packets.diskPackets.toLocaleString()} packets (${byteCount(history.packets.diskBytes)})` : '';
  return `On disk: ${history.diskMessages.toLocaleString()} messages (${byteCount(history.diskBytes)})${packets}; history keeps up to ${maxMessages.toLocaleString()} messages, ${Math.round(maxBytes / MB).toLocaleString()} MB and ${days} day${days === 1 ? '' : 's'}, oldest deleted first.`;
}
