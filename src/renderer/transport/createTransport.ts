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
  // Relative to the page: the page's path carries this run's access token (/s/<token>/).
  const url = new URL('rpc', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return new WebSocketTransport(url.href, onLinkState);
}
