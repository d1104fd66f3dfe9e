import { useEffect, useState } from 'react';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';
import type { HistoryStatus } from '../../../shared/domain/messageStore';
import { byteCount } from '../../../shared/payload/byteCount';
import { useLocale } from '../useLocale';

/** How long a deleted connection can be brought back. */
export const UNDO_DELETE_MS = 8000;

/**
 * Offers to undo the last deleted connection for a few seconds, then removes it in the engine.
 * Closing the page before then keeps the connection: nothing is lost by accident.
 */
export function UndoDelete() {
  const { t, number } = useLocale();
  const { connections, messages } = useEngine();
  const pending = useAppStore((s) => s.pendingDelete);
  const undoDelete = useAppStore((s) => s.undoDelete);
  const finishDelete = useAppStore((s) => s.finishDelete);
  const [error, setError] = useState<string>();
  // Its history on disk goes with it: the notice says how much, while Undo can still keep it.
  const [history, setHistory] = useState<{ id: string; status: HistoryStatus }>();

  useEffect(() => {
    if (!pending) return;
    void messages.stats(pending.id).then(
      (stats) => stats.history && setHistory({ id: pending.id, status: stats.history }),
      () => undefined,
    );
  }, [pending, messages]);

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      connections.remove(pending.id).then(
        () => finishDelete(pending.id),
        (e: Error) => {
          setError(t('connections.undo.notDeleted', { name: pending.name, reason: e.message }));
          undoDelete();
        },
      );
    }, UNDO_DELETE_MS);
    return () => clearTimeout(timer);
  }, [pending, connections, finishDelete, undoDelete, t]);

  if (!pending) {
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : null;
  }
  return (
    <div className="undo-delete" role="status">
      <span>
        {history?.id === pending.id && history.status.diskMessages > 0
          ? t('connections.undo.deletedWithHistory', { name: pending.name, messages: number(history.status.diskMessages), size: byteCount(history.status.diskBytes) })
          : t('connections.undo.deleted', { name: pending.name })}
      </span>
      <button
        type="button"
        onClick={undoDelete}
      >
        {t('connections.undo.undo')}
      </button>
    </div>
  );
}
