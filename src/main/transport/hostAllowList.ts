/**
 * DNS rebinding defence: a page on evil.example that re-points its name at 127.0.0.1 talks to us
 * with `Host: evil.example:PORT`. The token already stops it, but a second, independent check
 * costs nothing: only the names of this machine's loopback, with our port, are accepted.
 */
export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export function hostAllowed(allowed: ReadonlySet<string>, host: string | undefined): boolean {
  return host !== undefined && allowed.has(host.toLowerCase());
}

export const HOST_REFUSED_LINE = 'QoScope: this server answers only to 127.0.0.1, localhost or [::1] with its own port in the Host header.\n';
