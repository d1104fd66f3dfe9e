import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serviceList, services } from '../../src/shared/contract';
import type { BridgeService } from '../../src/shared/contract/bridge';
import { QoScopeApp } from '../../src/main/app';

// The preload's `electron` is Electron's sandboxed renderer subset; here it records what is exposed.
const exposed = vi.hoisted(() => new Map<string, unknown>());
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { on: () => undefined, send: () => undefined, invoke: async () => ({ ok: true, value: undefined }) },
}));

const eventsOf = (name: string) => serviceList.find((s) => s.name === name)!.events as readonly string[];

describe('the one service registry', () => {
  let dataDir: string;
  let app: QoScopeApp;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'qoscope-registry-'));
    app = new QoScopeApp({ dataDir, broker: { autoStart: false } });
  });

  afterAll(async () => {
    await app.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('names each service by its key', () => {
    for (const [key, descriptor] of Object.entries(services)) expect(descriptor.name).toBe(key);
  });

  it('is served whole by the engine: every call answers (here: refuses bad arguments) and every event can be listened to', async () => {
    for (const service of serviceList) {
      for (const method of Object.keys(service.calls)) {
        // A call the host did not know would be "UnknownMethod"; a known one validates its arguments.
        await expect(app.host.call(service.name, method, [Symbol('not an argument')])).rejects.toMatchObject({ name: 'UserError' });
      }
      for (const event of eventsOf(service.name)) app.host.listen(service.name, event, () => undefined).dispose();
    }
  });

  it('reaches the desktop window: the preload bridges every call and event of every service', async () => {
    // The blank-window bug: the bridge once lacked `messages`, so the UI threw before it mounted.
    await import('../../src/preload/index');
    const bridge = exposed.get('qoscope') as Record<string, BridgeService>;
    expect(Object.keys(bridge).sort()).toEqual(Object.keys(services).sort());
    for (const service of serviceList) {
      const members = [...Object.keys(service.calls), ...eventsOf(service.name)].sort();
      expect(Object.keys(bridge[service.name]!).sort(), service.name).toEqual(members);
    }
  });
});
