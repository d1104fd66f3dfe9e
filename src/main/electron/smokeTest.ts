import { randomUUID } from 'node:crypto';
import type { BrowserWindow } from 'electron';
import type { EmbeddedBroker } from '../broker/embeddedBroker';
import type { ConnectionRegistry } from '../engine/connectionRegistry';

/** The part of the app the smoke test drives (the app itself is composed above this adapter). */
export type SmokeTestedApp = {
  broker: Pick<EmbeddedBroker, 'status'>;
  connections: Pick<ConnectionRegistry, 'findPreset' | 'connect' | 'subscribe' | 'publish'>;
};

const TIME_LIMIT_MS = 30_000;

/**
 * `--smoke-test`: what the release workflow runs on each packaged app. The embedded broker must
 * be running, the window must load the UI through the preload bridge, and one message published
 * through the engine must appear in the window's log. Resolves with what it saw; rejects with the
 * first thing that went wrong, in words.
 */
export async function runSmokeTest(engine: SmokeTestedApp, window: BrowserWindow): Promise<string> {
  const deadline = Date.now() + TIME_LIMIT_MS;
  const broker = await engine.broker.status();
  if (broker.state !== 'running') throw new Error(`the embedded broker is not running (${broker.state === 'stopped' && broker.error ? broker.error : broker.state})`);
  const embedded = engine.connections.findPreset('embedded');
  if (!embedded) throw new Error('there is no connection to the embedded broker');

  await loaded(window);
  const nonce = randomUUID();
  const topic = `qoscope/smoke-test/${nonce}`;
  await engine.connections.connect(embedded.id);
  await engine.connections.subscribe(embedded.id, { filter: 'qoscope/smoke-test/#', qos: 1 });
  await engine.connections.publish(embedded.id, { topic, payload: new TextEncoder().encode(nonce), qos: 1, retain: false });

  // The page is ours and runs sandboxed; reading its text is how a person would check the log.
  const shown = `(() => {
    const item = [...document.querySelectorAll('button')].find((b) => b.textContent.includes(${JSON.stringify(embedded.profile.name)}));
    if (item && item.getAttribute('aria-current') !== 'true') item.click();
    return document.body.innerText.includes(${JSON.stringify(nonce)});
  })()`;
  while (Date.now() < deadline) {
    if (await window.webContents.executeJavaScript(shown)) return `a message on ${topic} went through the embedded broker (port ${broker.mqttPort}) into the window's log`;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the message published on ${topic} did not appear in the window within ${TIME_LIMIT_MS / 1000} s`);
}

function loaded(window: BrowserWindow): Promise<void> {
  const contents = window.webContents;
  if (!contents.isLoading()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    contents.once('did-finish-load', () => resolve());
    contents.once('did-fail-load', (_event, code, description) => reject(new Error(`the window did not load the UI: ${description} (${code})`)));
  });
}
