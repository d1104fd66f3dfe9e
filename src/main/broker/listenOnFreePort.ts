import type { Server } from 'node:net';

/**
 * Listens on `port`, or the next free one after it when it is taken (another broker on 1883 is
 * common). Port 0 lets the OS choose. Returns the port actually bound.
 */
export async function listenOnFreePort(server: Server, host: string, port: number, tries = 20): Promise<number> {
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const candidate = port === 0 ? 0 : port + attempt;
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => {
          server.off('listening', onListening);
          reject(error);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(candidate, host);
      });
      const address = server.address();
      if (address && typeof address === 'object') return address.port;
      throw new Error('Server is listening but has no address');
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'EADDRINUSE' || port === 0) throw error;
    }
  }
  throw new Error(`Ports ${port}–${port + tries - 1} on ${host} are all in use`);
}
