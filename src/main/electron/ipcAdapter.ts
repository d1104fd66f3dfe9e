import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { z } from 'zod';
import type { Channel, Disposable } from '../../shared/contract/channel';
import { toErrorValue } from '../../shared/contract/channel';
import { IPC_CALL, IPC_DISPOSE, IPC_EVENT, IPC_LISTEN } from '../../shared/contract/ipcChannels';

const callSchema = z.tuple([z.string(), z.string(), z.array(z.unknown())]);
const listenSchema = z.tuple([z.number().int(), z.string(), z.string()]);
const disposeSchema = z.tuple([z.number().int()]);

/**
 * Carries the contract over Electron IPC. Only frames from our own UI (the app:// origin) are
 * served; the ServiceHost validates every argument. Calls answer with `{ok, value | error}`
 * values because Electron flattens thrown errors into an unhelpful string.
 */
export function serveChannelOverIpc(host: Channel, isTrustedUrl: (url: string) => boolean): void {
  const listeners = new Map<WebContents, Map<number, Disposable>>();
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isTrustedUrl(frame.url);
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
    const sender = event.sender;
    let forSender = listeners.get(sender);
    if (!forSender) {
      const created = new Map<number, Disposable>();
      listeners.set(sender, created);
      sender.once('destroyed', () => {
        created.forEach((listener) => listener.dispose());
        listeners.delete(sender);
      });
      forSender = created;
    }
    forSender.get(id)?.dispose();
    forSender.set(id, host.listen(service, name, (payload) => {
      if (!sender.isDestroyed()) sender.send(IPC_EVENT, id, payload);
    }));
  });

  ipcMain.on(IPC_DISPOSE, (event, ...raw: unknown[]) => {
    const parsed = disposeSchema.safeParse(raw);
    if (!trusted(event) || !parsed.success) return;
    const forSender = listeners.get(event.sender);
    forSender?.get(parsed.data[0])?.dispose();
    forSender?.delete(parsed.data[0]);
  });
}
