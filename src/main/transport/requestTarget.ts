/**
 * What a request asked for, checked before anything else looks at it: the path percent-decoded
 * exactly once (a malformed escape is the client's mistake, so 400, never a 500 from a thrown
 * URIError) and the query as parameters. Only origin-form targets (`/path?query`) are accepted;
 * `//host/…`, `http://…` and `*` are not what a browser sends to this server.
 */
export type RequestTarget =
  | { ok: true; path: string; query: URLSearchParams }
  | { ok: false; reason: string };

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//')) return { ok: false, reason: 'the request target must be a path starting with one "/"' };
  const queryAt = raw.indexOf('?');
  const rawPath = queryAt === -1 ? raw : raw.slice(0, queryAt);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, reason: 'the path has a malformed %-escape' };
  }
  return { ok: true, path, query: new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1)) };
}
