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
