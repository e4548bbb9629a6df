import ipaddr from 'ipaddr.js';

/**
 * Cloud metadata services that sit on otherwise public-looking or special addresses. Most are
 * also caught by their range (169.254/16 link-local, 100.64/10 CGNAT, fd00::/8 unique-local); Azure's
 * wire server is plain public unicast, so the list is what refuses it.
 */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '100.100.100.200',
  '168.63.129.16',
  '192.0.0.192',
  'fd00:ec2:0:0:0:0:0:254',
]);

/** IANA's global unicast block: everything else in IPv6 is special, whatever ipaddr.js names it. */
const GLOBAL_UNICAST_V6: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('2000::'), 3];
const IPV4_COMPATIBLE_V6: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse('::'), 96];

/** ipaddr.js range names, in words for the log. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private address',
  uniqueLocal: 'a private (unique-local) address',
  reserved: 'a reserved address',
  rfc6052: 'a NAT64 address (64:ff9b::/96)',
  '6to4': 'a 6to4 address (2002::/16)',
  teredo: 'a Teredo address (2001::/32)',
  rfc6145: 'an IPv4-translated address',
};

/**
 * Why an address must not be fetched for a listener, or null when it is public unicast. Any
 * spelling ipaddr.js reads is accepted: IPv4-mapped IPv6 (`::ffff:7f00:1`) is unwrapped to its
 * IPv4 address first; IPv4-compatible (`::7f00:1`), NAT64, 6to4 and Teredo are refused outright,
 * since each can carry an internal IPv4 address past a check that only reads the IPv6 range.
 */
export function refusedAddressClass(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return 'not an IP address';
  const parsed = ipaddr.process(bare);
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString())) return 'a cloud metadata address';
  const range = parsed.range();
  if (range !== 'unicast') return RANGE_WORDS[range] ?? `a special-purpose address (${range})`;
  if (parsed instanceof ipaddr.IPv6 && !parsed.match(GLOBAL_UNICAST_V6)) {
    return parsed.match(IPV4_COMPATIBLE_V6)
      ? 'an IPv4-compatible address (::/96)'
      : 'an address outside global unicast (2000::/3)';
  }
  return null;
}

/** The address in the form a socket connects to (IPv4-mapped IPv6 unwrapped, IPv6 compressed). */
export function canonicalAddress(address: string): string {
  return ipaddr.process(address.replace(/^\[|\]$/g, '')).toString();
}
