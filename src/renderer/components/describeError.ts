import type { ErrorCode } from '../../shared/errors/errorCodes';
import { errorCodeOf } from '../../shared/errors/errors';
import { i18n } from '../i18n/i18n';

type Detail = Readonly<Record<string, string | number>>;

/**
 * The UI's words for an error, chosen by its code, in the user's language. Codes whose message
 * carries what only the engine knows (a broker's reason, a file's problem, a validator's finding)
 * have no words here and keep that message; so does a code whose words need a detail it lacks.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const key = `errors.${errorCodeOf(error) satisfies ErrorCode}`;
  if (!i18n.exists(key)) return message;
  const detail: Detail = (error as { detail?: Detail } | undefined)?.detail ?? {};
  const words = i18n.t(key as 'errors.view.closed', { ...detail, defaultValue: message });
  return /\{\{/.test(words) ? message : words;
}
