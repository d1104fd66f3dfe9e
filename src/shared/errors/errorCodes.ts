/**
 * Every error that crosses the contract carries one of these codes beside its message: the message
 * is for logs and for a UI that knows nothing better; the UI words the error by its code (and the
 * error's detail) in the user's language. A code is stable: rename the message, never the code.
 */
export const ERROR_CODES = [
  'request.invalid',
  'request.unknown-method',
  'request.unknown-event',
  'connection.not-found',
  'connection.already-connecting',
  'connection.not-connected',
  'connection.closed-before-answer',
  'connection.refused',
  'publish.invalid-topic',
  'publish.connection-closed',
  'publish.properties-need-v5',
  'publish.topic-alias-too-high',
  'subscribe.invalid-filter',
  'templates.too-many',
  'subscribe.not-subscribed',
  'subscribe.failed',
  'view.closed',
  'tls.trust-store',
  'tls.invalid-file',
  'profiles.loading',
  'profiles.partly-saved',
  'secrets.not-needed',
  'import.not-json',
  'import.not-recognised',
  'import.not-mqttx',
  'import.too-deep',
  'import.not-mqtt-explorer',
  'import.not-qoscope',
  'import.unknown-version',
  'broker.not-running',
  'broker.client-not-found',
  'broker.invalid-setting',
  'unexpected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
