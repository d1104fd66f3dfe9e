import { createServer } from 'node:net';

/**
 * Ask the OS for a TCP port that is currently free on 127.0.0.1.
 *
 * We bind to port 0 so the kernel picks an unused ephemeral port, read it back,
 * and close the server again. There is an unavoidable window between closing and
 * the caller binding the port, but ephemeral ports are handed out round-robin, so
 * in practice a collision inside a test run does not happen; hard-coded ports
 * would collide as soon as two test files run in parallel.
 */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    // unref: a probe server must never keep the test process alive on its own.
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`freePort: unexpected server address ${String(address)}`));
        return;
      }
      const { port } = address;
      // Only report the port once the socket is really released, so the caller
      // can bind it straight away.
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
