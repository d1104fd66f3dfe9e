/** What `qoscope` exits with: scripts can tell a typo from a broker that said no. */
export const EXIT = { ok: 0, usage: 1, connection: 2, check: 3 } as const;

/** A problem with what the user typed: names the flag and the fix; exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The broker could not be reached or refused us; exit code 2. */
export class ConnectionError extends Error {
  override name = 'ConnectionError';
}
