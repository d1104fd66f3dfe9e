import net from 'node:net';

/**
 * A loopback TCP proxy in front of a real broker, so a test can make the network misbehave at an
 * exact moment: hold back what the broker sends (an ack that never arrives), then cut every
 * connection (the link dies mid-handshake).
 */
export interface TcpProxy {
  port: number;
  /** Stop forwarding broker → client bytes (they are dropped) until `release()`. */
  holdDownstream(): void;
  release(): void;
  /**
   * From now on, pass broker → client bytes on in pieces of `bytes` (a write each, a timer turn
   * apart), so the client reads packets cut at every kind of place.
   */
  splitDownstream(bytes: number): void;
  /** Destroy every proxied connection, both sides; new connections are still accepted. */
  cutAll(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let holding = false;
  let pieceBytes = 0;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    const pair = { client, upstream };
    pairs.add(pair);
    client.on('data', (chunk) => upstream.write(chunk));
    // Pieces wait their turn behind earlier ones, so the bytes stay in order.
    let queue = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      if (holding) return;
      if (pieceBytes === 0) return void client.write(chunk);
      const size = pieceBytes;
      queue = queue.then(async () => {
        for (let at = 0; at < chunk.length; at += size) {
          client.write(chunk.subarray(at, at + size));
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      });
    });
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('proxy has no address');
  return {
    port: address.port,
    holdDownstream: () => (holding = true),
    release: () => (holding = false),
    splitDownstream: (bytes) => (pieceBytes = bytes),
    cutAll: () => {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const { client, upstream } of pairs) {
          client.destroy();
          upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
