/**
 * What the Electron preload exposes on `window.qoscope`: for every service, one named function
 * per call (answering with a result value) and one per event (returning an unsubscribe function).
 */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };
export type BridgeService = Record<string, (...args: unknown[]) => Promise<CallResult> | (() => void)>;
export type QoScopeBridge = Record<string, BridgeService>;
