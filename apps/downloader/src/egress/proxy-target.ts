/**
 * The target of a proxy request: an absolute `http://` URI, or the `host:port` of a CONNECT
 * (read through the URL parser, so `2130706433` or `0x7f.1` become the address they spell).
 * Null for anything else: no userinfo, no path on a CONNECT, no other scheme.
 */
export function proxyTarget(method: string, requestTarget: string): URL | null {
  try {
    if (method === 'CONNECT') {
      const url = new URL(`https://${requestTarget}`);
      const plain = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      return plain && !requestTarget.includes('/') ? url : null;
    }
    const url = new URL(requestTarget);
    return url.protocol === 'http:' && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}
