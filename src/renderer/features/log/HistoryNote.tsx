import type { HistoryStatus } from '../../../shared/domain/messageStore';

/**
 * What the log says about the connection's history on disk: why it is not being written (disk
 * full, read-only folder) while that lasts, and what reopening it found (a torn tail cut).
 */
export function HistoryNote({ history }: { history: HistoryStatus | undefined }) {
  if (!history?.problem && !history?.notice) return null;
  return (
    <div className="history-note">
      {history.problem && (
        <p className="error" role="alert" aria-label="History on disk">
          {history.problem}
        </p>
      )}
      {history.notice && (
        <p className="muted" role="status" aria-label="History reopened">
          {history.notice}
        </p>
      )}
    </div>
  );
}
