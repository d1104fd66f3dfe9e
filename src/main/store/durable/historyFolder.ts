import path from 'node:path';
import type { MessageStore } from '../messageStore';
import { CaptureHistory, type HistoricCapture } from './captureHistory';
import { ConnectionHistory } from './connectionHistory';
import { DEFAULT_WRITER_OPTIONS, type WriterOptions } from './historyWriter';
import type { Retention } from './retention';

/** The folder in the app's data folder that holds every connection's history on disk. */
export const HISTORY_FOLDER = 'history';

/**
 * Where each connection's history lives: `<dataDir>/history/<connection id>/messages/`.
 * Connection ids come from the saved profiles file, so one that is not a plain name is
 * encoded rather than trusted as a path.
 */
export class HistoryFolder {
  readonly root: string;

  constructor(
    dataDir: string,
    private options: WriterOptions = DEFAULT_WRITER_OPTIONS,
  ) {
    this.root = path.join(dataDir, HISTORY_FOLDER);
  }

  /** For histories opened from now on (open ones are told by their owner). */
  setRetention(retention: Retention): void {
    this.options = { ...this.options, retention };
  }

  connectionDir(connectionId: string): string {
    const name = /^[A-Za-z0-9_-]{1,100}$/.test(connectionId) ? connectionId : encodeURIComponent(connectionId).replace(/\./g, '%2E');
    return path.join(this.root, name);
  }

  /** Reads the connection's packets back into `capture` and keeps writing what it captures, in `packets/`. */
  openCapture(connectionId: string, capture: HistoricCapture): CaptureHistory {
    return new CaptureHistory(path.join(this.connectionDir(connectionId), 'packets'), capture, this.options);
  }

  /** Reads the connection's history into `store` and returns the writer for what comes next. */
  open(connectionId: string, store: MessageStore, onProblem?: (problem: string | undefined) => void): ConnectionHistory {
    return new ConnectionHistory(path.join(this.connectionDir(connectionId), 'messages'), this.connectionDir(connectionId), store, this.options, onProblem);
  }
}
