import { checkUrlSafety, checkUrlShape, REFUSED_ADDRESS_REASON } from './url-safety';

const resolvesTo =
  (...addresses: string[]) =>
  async (): Promise<string[]> =>
    addresses;

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
      reason: REFUSED_ADDRESS_REASON,
      detail: '127.0.0.1 is a loopback address',
    });
  });

  it('accepts 127.0.0.1:<port> when that host:port is allowed, and only that port', async () => {
    expect((await checkUrlSafety('http://127.0.0.1:8080/a.ogg', ['127.0.0.1:8080'], resolvesTo())).ok).toBe(true);
    expect((await checkUrlSafety('http://127.0.0.1:8081/a.ogg', ['127.0.0.1:8080'], resolvesTo())).ok).toBe(false);
  });

  it('refuses 10.x and the metadata address with one generic reason, the class only in the detail', async () => {
    expect(await checkUrlSafety('http://10.0.0.1/a.ogg', [], resolvesTo())).toEqual({
      ok: false,
      reason: REFUSED_ADDRESS_REASON,
      detail: '10.0.0.1 is a private address',
    });
    expect(await checkUrlSafety('http://169.254.169.254/latest/meta-data/', [], resolvesTo())).toEqual({
      ok: false,
      reason: REFUSED_ADDRESS_REASON,
      detail: '169.254.169.254 is a cloud metadata address',
    });
  });

  it.each([
    'http://[::ffff:127.0.0.1]:8080/x.ogg',
    'http://[::ffff:7f00:1]:8080/x.ogg',
    'http://[0:0:0:0:0:ffff:127.0.0.1]:8080/x.ogg',
    'http://[::127.0.0.1]:8080/x.ogg',
    'http://[64:ff9b::7f00:1]:8080/x.ogg',
    'http://2130706433:9090/x.ogg',
    'http://0x7f.1:9090/x.ogg',
    'http://[::ffff:a9fe:a9fe]/latest/meta-data/',
  ])('refuses %s even with 127.0.0.1:8080 allowed', async (link) => {
    const verdict = await checkUrlSafety(link, ['127.0.0.1:8080'], resolvesTo());
    expect(verdict).toEqual(expect.objectContaining({ ok: false, reason: REFUSED_ADDRESS_REASON }));
  });

  it('refuses a name when any of its addresses is private', async () => {
    const verdict = await checkUrlSafety('https://songs.example/a.ogg', [], resolvesTo('93.184.216.34', '192.168.0.7'));
    expect(verdict).toEqual({
      ok: false,
      reason: REFUSED_ADDRESS_REASON,
      detail: 'songs.example resolves to 192.168.0.7, a private address',
    });
  });

  it('refuses an IPv6 literal in brackets', async () => {
    const verdict = await checkUrlSafety('http://[::1]:8080/a.ogg', [], resolvesTo());
    expect(verdict).toEqual({ ok: false, reason: REFUSED_ADDRESS_REASON, detail: '::1 is a loopback address' });
  });

  it('refuses a name that does not resolve', async () => {
    const verdict = await checkUrlSafety('https://nope.invalid/a.ogg', [], () =>
      Promise.reject(new Error('ENOTFOUND')),
    );
    expect(verdict).toEqual({ ok: false, reason: REFUSED_ADDRESS_REASON, detail: 'nope.invalid does not resolve' });
  });

  it('accepts a name with only public addresses', async () => {
    expect((await checkUrlSafety('https://songs.example/a.ogg', [], resolvesTo('93.184.216.34'))).ok).toBe(true);
  });
});
