import { checkUrlSafety, checkUrlShape, refusedAddressClass } from './url-safety';

const resolvesTo =
  (...addresses: string[]) =>
  async (): Promise<string[]> =>
    addresses;

describe('refusedAddressClass', () => {
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['fc00::1', 'a private address'],
    ['fd12:3456::1', 'a private address'],
    ['169.254.1.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['0.0.0.0', 'a "this network" address'],
    ['0.1.2.3', 'a "this network" address'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['100.127.255.254', 'a carrier-grade NAT address'],
    ['169.254.169.254', 'a cloud metadata address'],
    ['fd00:ec2::254', 'a cloud metadata address'],
    ['::ffff:10.0.0.1', 'a private address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(refusedAddressClass(address)).toBe(reason);
  });

  it.each(['93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '8.8.8.8'])(
    'accepts public %s',
    (address) => {
      expect(refusedAddressClass(address)).toBeNull();
    },
  );
});

describe('checkUrlShape', () => {
  it.each([
    ['--exec=touch /tmp/pwned', /command-line option/],
    ['ftp://example.com/a.mp3', /only http and https/],
    ['file:///etc/passwd', /only http and https/],
    ['ytsearch:x', /only http and https/],
    ['http://user:pw@example.com/a.mp3', /credentials/],
    ['http://example.com/a b.mp3', /whitespace/],
    [' http://example.com/a.mp3', /whitespace/],
  ])('refuses %s', (raw, reason) => {
    const verdict = checkUrlShape(raw);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it('accepts an https link', () => {
    expect(checkUrlShape('https://example.com/song.ogg').ok).toBe(true);
  });
});

describe('checkUrlSafety', () => {
  it('refuses 127.0.0.1 without an allow-list entry', async () => {
    expect(await checkUrlSafety('http://127.0.0.1:8080/a.ogg', [], resolvesTo())).toEqual({
      ok: false,
      reason: 'refused: 127.0.0.1 is a loopback address',
    });
  });

  it('accepts 127.0.0.1:<port> when that host:port is allowed, and only that port', async () => {
    expect((await checkUrlSafety('http://127.0.0.1:8080/a.ogg', ['127.0.0.1:8080'], resolvesTo())).ok).toBe(true);
    expect((await checkUrlSafety('http://127.0.0.1:8081/a.ogg', ['127.0.0.1:8080'], resolvesTo())).ok).toBe(false);
  });

  it('refuses 10.x and the metadata address with a clear reason', async () => {
    expect(await checkUrlSafety('http://10.0.0.1/a.ogg', [], resolvesTo())).toEqual({
      ok: false,
      reason: 'refused: 10.0.0.1 is a private address',
    });
    expect(await checkUrlSafety('http://169.254.169.254/latest/meta-data/', [], resolvesTo())).toEqual({
      ok: false,
      reason: 'refused: 169.254.169.254 is a cloud metadata address',
    });
  });

  it('refuses a name when any of its addresses is private', async () => {
    const verdict = await checkUrlSafety('https://songs.example/a.ogg', [], resolvesTo('93.184.216.34', '192.168.0.7'));
    expect(verdict).toEqual({ ok: false, reason: 'refused: 192.168.0.7 is a private address' });
  });

  it('refuses an IPv6 literal in brackets', async () => {
    const verdict = await checkUrlSafety('http://[::1]:8080/a.ogg', [], resolvesTo());
    expect(verdict).toEqual({ ok: false, reason: 'refused: ::1 is a loopback address' });
  });

  it('refuses a name that does not resolve', async () => {
    const verdict = await checkUrlSafety('https://nope.invalid/a.ogg', [], () =>
      Promise.reject(new Error('ENOTFOUND')),
    );
    expect(verdict).toEqual({ ok: false, reason: 'refused: nope.invalid does not resolve' });
  });

  it('accepts a name with only public addresses', async () => {
    expect((await checkUrlSafety('https://songs.example/a.ogg', [], resolvesTo('93.184.216.34'))).ok).toBe(true);
  });
});
