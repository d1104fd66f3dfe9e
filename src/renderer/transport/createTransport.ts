import type { Channel } from '../../shared/contract/channel';
import type { QoScopeBridge } from '../../shared/contract/bridge';
import { PreloadTransport } from './preloadTransport';
import { WebSocketTransport, type LinkState } from './webSocketTransport';

declare global {
  interface Window {
    qoscope?: QoScopeBridge;
  }
}

/** In the desktop app the preload bridge exists; otherwise we are in browser mode. */
export function createTransport(onLinkState: (state: LinkState) => void): Channel {
  if (window.qoscope) {
    onLinkState('open');
    return new PreloadTransport(window.qoscope);
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return new WebSocketTransport(`${scheme}://${location.host}/rpc`, onLinkState);
}
