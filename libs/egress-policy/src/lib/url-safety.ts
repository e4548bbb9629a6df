import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

import { refusedAddressClass } from './address-class';

/** `reason` is for the submitter; `detail` (which address, which hop) only for the log and the admin. */
export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string; detail?: string };

/**
 * The one answer a listener gets for any link that leads inside, whether the name does not resolve
 * or an address is not public: telling those apart would let a link probe the station's network.
 */
export const REFUSED_ADDRESS_REASON = 'refused: the link points to an address the station may not fetch';

/** Resolves a host name to every address it has (dns.lookup with `all: true` in production). */
export type ResolveAll = (hostname: string) => Promise<string[]>;

/** The system resolver, every address of every family, in the order it gives them. */
export const systemResolveAll: ResolveAll = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Shape checks that need no network: http(s) only, nothing yt-dlp could read as an option or a
 * pseudo-URL (`--exec=…`, `ytsearch:`), no credentials, no whitespace or control characters.
 */
export function checkUrlShape(raw: string): UrlVerdict {
  if (raw.startsWith('-')) return { ok: false, reason: 'refused: the link looks like a command-line option' };
  const text = raw.trim();
  const hasControl = [...raw].some((char) => {
    const code = char.charCodeAt(0);
    return code <= 0x20 || code === 0x7f || /\s/.test(char);
  });
  if (text !== raw || hasControl) return { ok: false, reason: 'refused: the link contains whitespace' };
  if (!/^https?:\/\//i.test(raw)) return { ok: false, reason: 'refused: only http and https links are accepted' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'refused: not a valid link' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'refused: only http and https links are accepted' };
  }
  if (url.username || url.password) return { ok: false, reason: 'refused: links with credentials are not accepted' };
  if (!url.hostname) return { ok: false, reason: 'refused: the link has no host' };
  return { ok: true, url };
}

/** `host:port` as the allow-list names it (port made explicit, IPv6 without brackets' ambiguity). */
export function hostPort(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.toLowerCase()}:${port}`;
}

/** The bare hostname of a URL: IPv6 literals without their brackets. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Every address a host stands for: an IP literal as written, a name as the resolver answers.
 * Null when a name does not resolve.
 */
export async function addressesOf(hostname: string, resolveAll: ResolveAll): Promise<string[] | null> {
  if (isIP(hostname)) return [hostname];
  try {
    const addresses = await resolveAll(hostname);
    return addresses.length > 0 ? addresses : null;
  } catch {
    return null;
  }
}

/** The first address that must not be fetched and why, or null when every address is public. */
export function firstRefusedAddress(
  addresses: readonly string[],
  classify: (address: string) => string | null = refusedAddressClass,
): { address: string; why: string } | null {
  for (const address of addresses) {
    const why = classify(address);
    if (why) return { address, why };
  }
  return null;
}

/** For the log: the address and its class, and the name that led there when it was a name. */
export function describeRefusal(hostname: string, refused: { address: string; why: string }): string {
  return hostname === refused.address
    ? `${refused.address} is ${refused.why}`
    : `${hostname} resolves to ${refused.address}, ${refused.why}`;
}

/**
 * The check before any download, so a link that leads inside is refused with a 4xx at once:
 * shape, then every address the host resolves to must be public, unless `host:port` is on the
 * allow-list. It cannot see redirects, embedded media or a second DNS answer: the egress proxy
 * checks every connection yt-dlp really makes.
 */
export async function checkUrlSafety(
  raw: string,
  allowedHosts: readonly string[],
  resolveAll: ResolveAll,
): Promise<UrlVerdict> {
  const shape = checkUrlShape(raw);
  if (!shape.ok) return shape;
  const { url } = shape;
  if (allowedHosts.includes(hostPort(url))) return shape;
  const hostname = bareHostname(url);
  const addresses = await addressesOf(hostname, resolveAll);
  if (!addresses) return { ok: false, reason: REFUSED_ADDRESS_REASON, detail: `${hostname} does not resolve` };
  const refused = firstRefusedAddress(addresses);
  if (refused) {
    return { ok: false, reason: REFUSED_ADDRESS_REASON, detail: describeRefusal(hostname, refused) };
  }
  return shape;
}
