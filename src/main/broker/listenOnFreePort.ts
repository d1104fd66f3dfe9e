import type { Server } from 'node:net';

/** A port that was asked for and is taken; its message names the port. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number, host: string, what: string) {
    super(`${what} cannot listen on ${host}:${port}: the port is already in use`);
  }
}

/**
 * Listens on `port`. When `exact` (the user chose the port), a taken port is an error that names
 * it; otherwise (a default port: another broker on 1883 is common) the next free one after it is
 * used, and the caller tells the user. Port 0 lets the OS choose. Returns the port actually bound.
 */
export async function listenOnFreePort(server: Server, host: string, port: number, options: { exact?: boolean; what?: string } = {}): Promise<number> {
  const what = options.what ?? 'QoScope';
  const tries = options.exact || port === 0 ? 1 : 20;
  for (let attempt = 0; attempt < tries; attempt += 1) {
    const candidate = port === 0 ? 0 : port + attempt;
    try {
      await listenOnce(server, host, candidate);
      const address = server.address();
      if (address && typeof address === 'object') return address.port;
      throw new Error('Server is listening but has no address');
    } catch (error) {
      if ((error as { code?: string }).code !== 'EADDRINUSE' || port === 0) throw error;
    }
  }
  if (tries === 1) throw new PortInUseError(port, host, what);
  throw new Error(`${what} cannot listen on ${host}: ports ${port}–${port + tries - 1} are all in use`);
}

function listenOnce(server: Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
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
    server.listen(port, host);
  });
}
