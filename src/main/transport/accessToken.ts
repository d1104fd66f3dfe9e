import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'qoscope_token';

/** A per-run secret: only whoever can read the printed URL can drive the engine. */
export function createAccessToken(): string {
  return randomBytes(24).toString('hex');
}

export function tokenFromRequest(request: IncomingMessage): { token: string | undefined; fromQuery: boolean } {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return { token: fromQuery, fromQuery: true };
  const cookies = request.headers.cookie?.split(';').map((part) => part.trim()) ?? [];
  const cookie = cookies.find((part) => part.startsWith(`${TOKEN_COOKIE}=`));
  return { token: cookie?.slice(TOKEN_COOKIE.length + 1), fromQuery: false };
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
