import { useState, type FormEvent } from 'react';
import { storeLimitsSchema, type HistoryStatus } from '../../../shared/domain/messageStore';
import { byteCount } from '../../../shared/payload/byteCount';
import { useEngine } from '../../services/engine';
import { useAction } from '../../components/useAction';
import { Field } from '../../components/Field';

const MB = 1024 * 1024;

/** How much the engine keeps per connection: a message cap and a memory budget, oldest dropped first. */
export function StoreLimitsControl({ history }: { history?: HistoryStatus | undefined }) {
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
      setSaved('Saved: applies to every connection now.');
    });
  }

  return (
    <details className="store-limits" onToggle={(e) => (e.currentTarget.open ? void load() : undefined)}>
      <summary>Limits</summary>
      <form className="popover" aria-label="Message store limits" noValidate onSubmit={(e) => void submit(e)}>
        <p className="muted">Per connection, the engine keeps messages up to both limits, dropping the oldest.</p>
        <Field label="Keep at most (messages)" error={problems.maxMessages}>
          {(field) => <input {...field} inputMode="numeric" value={maxMessages} onChange={(e) => setMaxMessages(e.target.value)} />}
        </Field>
        <Field label="Memory budget (MB)" error={problems.maxBytes}>
          {(field) => <input {...field} inputMode="numeric" value={maxMegabytes} onChange={(e) => setMaxMegabytes(e.target.value)} />}
        </Field>
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

/** "On disk: 12,000 messages (1.1 MB); history keeps up to 1,000,000 messages, 1 GB and 7 days." */
function historyUse(history: HistoryStatus): string {
  const { maxMessages, maxBytes, maxAgeMs } = history.retention;
  const days = Math.round(maxAgeMs / (24 * 3600 * 1000));
  const packets = history.packets ? ` and ${history.packets.diskPackets.toLocaleString()} packets (${byteCount(history.packets.diskBytes)})` : '';
  return `On disk: ${history.diskMessages.toLocaleString()} messages (${byteCount(history.diskBytes)})${packets}; history keeps up to ${maxMessages.toLocaleString()} messages, ${byteCount(maxBytes)} and ${days} day${days === 1 ? '' : 's'}, oldest deleted first.`;
}
