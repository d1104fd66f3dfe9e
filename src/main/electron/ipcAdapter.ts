import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { z } from 'zod';
import type { Channel, Disposable } from '../../shared/contract/channel';
import { toErrorValue } from '../../shared/errors/errors';
import { IPC_ACK, IPC_CALL, IPC_DISPOSE, IPC_EVENT, IPC_LISTEN } from '../../shared/contract/ipcChannels';
import type { CongestionMonitor } from '../transport/congestion';
import { LiveEventGate } from '../transport/liveEventGate';
import { approximateBytes } from '../transport/approximateBytes';

const callSchema = z.tuple([z.string(), z.string(), z.array(z.unknown())]);
const listenSchema = z.tuple([z.number().int(), z.string(), z.string()]);
const disposeSchema = z.tuple([z.number().int()]);

/** One window: its listeners, and the events sent to it that its renderer has not yet handled. */
type Window = { listeners: Map<number, Disposable>; gate: LiveEventGate; unacked: number[]; backlog: number };

/**
 * Carries the contract over Electron IPC. Only frames from our own UI (the app:// origin) are
 * served; the ServiceHost validates every argument. Calls answer with `{ok, value | error}`
 * values because Electron flattens thrown errors into an unhelpful string.
 *
 * Backpressure: webContents.send gives no sign of a renderer falling behind, so the preload
 * acknowledges every event once its listener has run. What is sent and not yet acknowledged is
 * that window's backlog; past the congestion threshold the window's live batches are skipped (as
 * in browser mode) and it catches up from the engine's store when it acknowledges again.
 */
export function serveChannelOverIpc(host: Channel, congestion: CongestionMonitor, isTrustedUrl: (url: string) => boolean): void {
  const windows = new Map<WebContents, Window>();
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isTrustedUrl(frame.url);
  };

  const windowOf = (sender: WebContents): Window => {
    const existing = windows.get(sender);
    if (existing) return existing;
    const created: Window = {
      listeners: new Map(),
      unacked: [],
      backlog: 0,
      gate: new LiveEventGate(sender, congestion, (id, payload) => {
        if (sender.isDestroyed()) return;
        const bytes = approximateBytes(payload);
        created.unacked.push(bytes);
        created.backlog += bytes;
        sender.send(IPC_EVENT, id, payload);
        created.gate.measured(created.backlog);
      }),
    };
    windows.set(sender, created);
    sender.once('destroyed', () => {
      created.listeners.forEach((listener) => listener.dispose());
      created.gate.dispose();
      windows.delete(sender);
    });
    return created;
  };

  ipcMain.handle(IPC_CALL, async (event, ...raw: unknown[]) => {
    if (!trusted(event)) return { ok: false, error: { name: 'Forbidden', message: 'Untrusted sender' } };
    const parsed = callSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: { name: 'BadRequest', message: 'Malformed call' } };
    const [service, method, args] = parsed.data;
    try {
      return { ok: true, value: await host.call(service, method, args) };
    } catch (error) {
      return { ok: false, error: toErrorValue(error) };
    }
  });

  ipcMain.on(IPC_LISTEN, (event, ...raw: unknown[]) => {
    const parsed = listenSchema.safeParse(raw);
    if (!trusted(event) || !parsed.success) return;
    const [id, service, name] = parsed.data;
    const window = windowOf(event.sender);
    window.listeners.get(id)?.dispose();
    window.gate.opened(id, service, name);
    window.listeners.set(id, host.listen(service, name, (payload) => window.gate.event(id, payload)));
  });

  ipcMain.on(IPC_DISPOSE, (event, ...raw: unknown[]) => {
    const parsed = disposeSchema.safeParse(raw);
    if (!trusted(event) || !parsed.success) return;
    const window = windows.get(event.sender);
    window?.listeners.get(parsed.data[0])?.dispose();
    window?.listeners.delete(parsed.data[0]);
    window?.gate.closed(parsed.data[0]);
  });

  // Events arrive in order, so an acknowledgement settles the oldest one still outstanding.
  ipcMain.on(IPC_ACK, (event) => {
    const window = windows.get(event.sender);
    if (!trusted(event) || !window || window.unacked.length === 0) return;
    window.backlog -= window.unacked.shift()!;
    window.gate.measured(window.backlog);
  });
}
