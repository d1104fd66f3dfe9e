import { isErrorCode, type ErrorCode } from './errorCodes';

/** Values an error's wording may use, e.g. the filter that was refused. */
export type ErrorDetail = Readonly<Record<string, string | number>>;

/** How an error crosses a process boundary: a value, never a thrown object graph. */
export interface ErrorValue {
  name: string;
  message: string;
  code?: ErrorCode;
  detail?: ErrorDetail;
}

/** An error that came back over the contract: the same name, message, code and detail. */
export class RemoteError extends Error {
  readonly code: ErrorCode | undefined;
  readonly detail: ErrorDetail | undefined;

  constructor(value: ErrorValue) {
    super(value.message);
    this.name = value.name;
    this.code = value.code;
    this.detail = value.detail;
  }
}

/** Errors meant for the user: shown next to what they entered, worded by their code. */
export class UserError extends Error {
  override name = 'UserError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }
}

export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof UserError || error instanceof RemoteError) {
    return { name: error.name, message: error.message, ...(error.code ? { code: error.code } : {}), ...(error.detail ? { detail: error.detail } : {}) };
  }
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The code of any error, as far as it is known: errors without one are unexpected. */
export function errorCodeOf(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | undefined)?.code;
  return isErrorCode(code) ? code : 'unexpected';
}
