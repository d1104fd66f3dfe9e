// The sandboxed preload: exposes named functions built from the contract, never ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { serviceList } from '../shared/contract';
import type { BridgeService, CallResult, QoScopeBridge } from '../shared/contract/bridge';
import { IPC_ACK, IPC_CALL, IPC_DISPOSE, IPC_EVENT, IPC_LISTEN } from '../shared/contract/ipcChannels';

let nextListenerId = 1;
const listeners = new Map<number, (payload: unknown) => void>();
ipcRenderer.on(IPC_EVENT, (_event, id: number, payload: unknown) => {
  try {
    listeners.get(id)?.(payload);
  } finally {
    // Handled: main counts what a window has not yet handled, and holds back live batches past a limit.
    ipcRenderer.send(IPC_ACK);
  }
});

const bridge: QoScopeBridge = {};
for (const service of serviceList) {
  const api: BridgeService = {};
  for (const method of Object.keys(service.calls)) {
    api[method] = (...args: unknown[]) => ipcRenderer.invoke(IPC_CALL, service.name, method, args) as Promise<CallResult>;
  }
  for (const event of service.events as readonly string[]) {
    api[event] = (listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${event} needs a listener function`);
      const id = nextListenerId++;
      listeners.set(id, listener as (payload: unknown) => void);
      ipcRenderer.send(IPC_LISTEN, id, service.name, event);
      return () => {
        listeners.delete(id);
        ipcRenderer.send(IPC_DISPOSE, id);
      };
    };
  }
  bridge[service.name] = api;
}

contextBridge.exposeInMainWorld('qoscope', bridge);
