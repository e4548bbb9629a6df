import { canonicalAddress, refusedAddressClass } from './address-class';

describe('refusedAddressClass', () => {
  it.each([
    // Loopback, in every spelling a resolver or a URL may hand over.
    ['127.0.0.1', 'a loopback address'],
    ['127.255.0.9', 'a loopback address'],
    ['2130706433', 'a loopback address'],
    ['0x7f.1', 'a loopback address'],
    ['017700000001', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['[::1]', 'a loopback address'],
    ['0:0:0:0:0:0:0:1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['0:0:0:0:0:ffff:127.0.0.1', 'a loopback address'],
    ['::FFFF:7F00:0001', 'a loopback address'],
    // IPv6 forms that carry an IPv4 address.
    ['::7f00:1', 'an IPv4-compatible address (::/96)'],
    // ipaddr.js reads a dotted tail after `::` as the IPv4 address itself.
    ['::127.0.0.1', 'a loopback address'],
    ['::10.0.0.1', 'a private address'],
    ['::a00:1', 'an IPv4-compatible address (::/96)'],
    ['::ffff:0:7f00:1', 'an IPv4-translated address'],
    ['64:ff9b::7f00:1', 'a NAT64 address (64:ff9b::/96)'],
    ['64:ff9b::a9fe:a9fe', 'a NAT64 address (64:ff9b::/96)'],
    ['64:ff9b:1::a00:1', 'a NAT64 address (64:ff9b::/96)'],
    ['2002:7f00:1::', 'a 6to4 address (2002::/16)'],
    ['2002:a00:1::1', 'a 6to4 address (2002::/16)'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'a Teredo address (2001::/32)'],
    // Private, link-local, CGNAT, unspecified, multicast, reserved.
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['::ffff:10.0.0.1', 'a private address'],
    ['::ffff:c0a8:101', 'a private address'],
    ['fc00::1', 'a private (unique-local) address'],
    ['fd12:3456::1', 'a private (unique-local) address'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fec0::1', 'a special-purpose address (deprecatedSiteLocal)'],
    ['0.0.0.0', 'an unspecified address'],
    ['0.1.2.3', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['100.127.255.254', 'a carrier-grade NAT address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['255.255.255.255', 'a broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.1', 'a reserved address'],
    ['198.18.0.1', 'a reserved address'],
    ['2001:db8::1', 'a reserved address'],
    ['100::1', 'a special-purpose address (discard)'],
    ['5f00::1', 'a special-purpose address (segmentRouting)'],
    ['4000::1', 'an address outside global unicast (2000::/3)'],
    // Cloud metadata services.
    ['169.254.169.254', 'a cloud metadata address'],
    ['::ffff:169.254.169.254', 'a cloud metadata address'],
    ['169.254.170.2', 'a cloud metadata address'],
    ['100.100.100.200', 'a cloud metadata address'],
    ['168.63.129.16', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    // Not an address at all.
    ['localhost', 'not an IP address'],
    ['', 'not an IP address'],
    ['1.2.3.4.5', 'not an IP address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(refusedAddressClass(address)).toBe(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '::ffff:93.184.216.34', '2606:4700::1111'])(
    'accepts public %s',
    (address) => {
      expect(refusedAddressClass(address)).toBeNull();
    },
  );
});

describe('canonicalAddress', () => {
  it.each([
    ['::ffff:7f00:1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['2606:4700:0:0:0:0:0:1111', '2606:4700::1111'],
    ['93.184.216.34', '93.184.216.34'],
  ])('connects to %s as %s', (address, canonical) => {
    expect(canonicalAddress(address)).toBe(canonical);
  });
});
