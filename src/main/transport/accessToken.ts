import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A per-run secret: only whoever can read the printed URL can drive the engine. It lives in the
 * URL's path (`/s/<token>/…`), never in a cookie: a cookie is sent to every port on 127.0.0.1,
 * so any other local web server (or a second QoScope) would receive it. A path is bound to the
 * one server that printed it, and the page's relative URLs carry it to the assets, the /rpc
 * socket and exports without any script handling it.
 */
export function createAccessToken(): string {
  return randomBytes(24).toString('hex');
}

/** The path every request of this run lives under, e.g. `/s/3f9c…/`. */
export function capabilityPrefix(token: string): string {
  return `/s/${token}/`;
}

export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export type Authorized =
  | { kind: 'inside'; path: string }
  /** `/s/<token>` without its slash: relative URLs need the slash, so the page is sent there. */
  | { kind: 'prefix-only' }
  | { kind: 'refused' };

/** Splits a decoded request path into this run's prefix and the path inside it (starting with '/'). */
export function authorizePath(token: string, decodedPath: string): Authorized {
  const match = /^\/s\/([^/]*)(\/.*)?$/s.exec(decodedPath);
  if (!match || !tokenMatches(token, match[1])) return { kind: 'refused' };
  return match[2] === undefined ? { kind: 'prefix-only' } : { kind: 'inside', path: match[2] };
}
