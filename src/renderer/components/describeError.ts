import type { ErrorCode } from '../../shared/errors/errorCodes';
import { errorCodeOf } from '../../shared/errors/errors';

type Detail = Readonly<Record<string, string | number>>;

/**
 * The UI's words for an error, chosen by its code. Codes whose message carries what only the
 * engine knows (a broker's reason, a file's problem, a validator's finding) keep that message;
 * the others are worded here, so they can be worded in the user's language.
 */
const WORDS: Partial<Record<ErrorCode, (detail: Detail, message: string) => string>> = {
  'connection.not-found': () => 'That connection no longer exists',
  'connection.already-connecting': () => 'Already connecting; disconnect first to start over',
  'connection.not-connected': () => 'Not connected: connect before publishing',
  'connection.closed-before-answer': () => 'Disconnected before the broker answered',
  'publish.connection-closed': () => 'The connection closed before this message could be sent; it was not sent',
  'subscribe.not-subscribed': (detail, message) => (detail.filter !== undefined ? `Not subscribed to ${detail.filter}` : message),
  'view.closed': () => 'This view was closed; open it again',
  'profiles.loading': () => 'Saved connections are still loading',
  'request.unknown-method': () => 'This QoScope window and its engine are different versions; reload the window',
  'request.unknown-event': () => 'This QoScope window and its engine are different versions; reload the window',
};

export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const word = WORDS[errorCodeOf(error)];
  const detail = (error as { detail?: Detail } | undefined)?.detail ?? {};
  return word ? word(detail, message) : message;
}
