import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/** Resolves a host name to every address it has (dns.lookup with `all: true` in production). */
export type ResolveAll = (hostname: string) => Promise<string[]>;

/** The system resolver, every address of every family, in the order it gives them. */
export const systemResolveAll: ResolveAll = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

const METADATA_ADDRESSES = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}

function inIpv4(address: string, base: string, bits: number): boolean {
  const size = 2 ** (32 - bits);
  return Math.floor(ipv4ToNumber(address) / size) === Math.floor(ipv4ToNumber(base) / size);
}

/** First 16 bits of an IPv6 address, or null when it cannot be read. */
function ipv6Head(address: string): number | null {
  const head = address.split(':')[0];
  if (head === undefined) return null;
  return head === '' ? 0 : parseInt(head, 16);
}

/**
 * Why an address must not be fetched from a listener's link, or null when it is a public address.
 * Covers IPv4-mapped IPv6 (`::ffff:10.0.0.1`) by classifying the embedded IPv4 address.
 */
export function refusedAddressClass(address: string): string | null {
  const lower = address.toLowerCase();
  if (METADATA_ADDRESSES.has(lower)) return 'a cloud metadata address';
  const family = isIP(lower);
  if (family === 4) {
    if (inIpv4(lower, '0.0.0.0', 8)) return 'a "this network" address';
    if (inIpv4(lower, '127.0.0.0', 8)) return 'a loopback address';
    if (inIpv4(lower, '10.0.0.0', 8) || inIpv4(lower, '172.16.0.0', 12) || inIpv4(lower, '192.168.0.0', 16)) {
      return 'a private address';
    }
    if (inIpv4(lower, '169.254.0.0', 16)) return 'a link-local address';
    if (inIpv4(lower, '100.64.0.0', 10)) return 'a carrier-grade NAT address';
    if (inIpv4(lower, '224.0.0.0', 4) || inIpv4(lower, '240.0.0.0', 4)) return 'a multicast or reserved address';
    return null;
  }
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    if (mapped?.[1]) return refusedAddressClass(mapped[1]);
    if (lower === '::1') return 'a loopback address';
    if (lower === '::') return 'an unspecified address';
    const head = ipv6Head(lower);
    if (head === null || Number.isNaN(head)) return 'an unreadable address';
    if ((head & 0xfe00) === 0xfc00) return 'a private address';
    if ((head & 0xffc0) === 0xfe80) return 'a link-local address';
    if ((head & 0xff00) === 0xff00) return 'a multicast address';
    return null;
  }
  return 'not an IP address';
}

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

/**
 * Full check before any download: shape, then every address the host resolves to must be public,
 * unless `host:port` is on the allow-list. (yt-dlp resolves again; a rebinding DNS server could
 * still answer differently then — the allow-list plus this check closes the common cases.)
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
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(hostname) ? [hostname] : await resolveAll(hostname);
  } catch {
    return { ok: false, reason: `refused: ${hostname} does not resolve` };
  }
  if (addresses.length === 0) return { ok: false, reason: `refused: ${hostname} does not resolve` };
  for (const address of addresses) {
    const refused = refusedAddressClass(address);
    if (refused) return { ok: false, reason: `refused: ${address} is ${refused}` };
  }
  return shape;
}
