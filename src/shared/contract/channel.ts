/**
 * The two verbs every transport carries (after VS Code's IChannel): `call` is a request with one
 * answer, `listen` is a stream of events until disposed. Services are built on top of these; a
 * transport (Electron IPC, WebSocket) implements only this.
 */
export interface Disposable {
  dispose(): void;
}

export interface Channel {
  call(service: string, method: string, args: readonly unknown[]): Promise<unknown>;
  listen(service: string, event: string, listener: (payload: unknown) => void): Disposable;
}

/** How an error crosses a process boundary: a value, never a thrown object graph. */
export interface ErrorValue {
  name: string;
  message: string;
}

export class RemoteError extends Error {
  constructor(value: ErrorValue) {
    super(value.message);
    this.name = value.name;
  }
}

/** Errors meant for the user: their message is shown as it is, next to what they entered. */
export class UserError extends Error {
  override name = 'UserError';
}

export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof Error) return { name: error.name || 'Error', message: error.message };
  return { name: 'Error', message: String(error) };
}
