import { useEffect, useState } from 'react';
import { useEngine } from '../../services/engine';
import { useAppStore } from '../../store';

/** How long a deleted connection can be brought back. */
export const UNDO_DELETE_MS = 8000;

/**
 * Offers to undo the last deleted connection for a few seconds, then removes it in the engine.
 * Closing the page before then keeps the connection: nothing is lost by accident.
 */
export function UndoDelete() {
  const { connections } = useEngine();
  const pending = useAppStore((s) => s.pendingDelete);
  const undoDelete = useAppStore((s) => s.undoDelete);
  const finishDelete = useAppStore((s) => s.finishDelete);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => {
      connections.remove(pending.id).then(
        () => finishDelete(pending.id),
        (e: Error) => {
          setError(`"${pending.name}" was not deleted: ${e.message}`);
          undoDelete();
        },
      );
    }, UNDO_DELETE_MS);
    return () => clearTimeout(timer);
  }, [pending, connections, finishDelete, undoDelete]);

  if (!pending) {
    return error ? (
      <p role="alert" className="error">
        {error}
      </p>
    ) : null;
  }
  return (
    <div className="undo-delete" role="status">
      <span>Deleted “{pending.name}”.</span>
      <button
        type="button"
        onClick={undoDelete}
      >
        Undo
      </button>
    </div>
  );
}
