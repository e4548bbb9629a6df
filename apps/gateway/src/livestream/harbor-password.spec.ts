import { credentialFromHarbor } from './harbor-password';

const KEY = 'h4kdj_abcdefghijklmnopqrstuvwxyz012345';

describe('credentialFromHarbor', () => {
  it('reads ffmpeg-style source:TOKEN (user source, password TOKEN)', () => {
    expect(credentialFromHarbor('source', 'eyJ.a.b')).toEqual({ kind: 'jwt', token: 'eyJ.a.b' });
  });

  it('reads "source:TOKEN" put whole into the password field', () => {
    expect(credentialFromHarbor('', 'source:eyJ.a.b')).toEqual({ kind: 'jwt', token: 'eyJ.a.b' });
    expect(credentialFromHarbor('source', 'source:eyJ.a.b')).toEqual({ kind: 'jwt', token: 'eyJ.a.b' });
  });

  it('reads a bare token as password, or as user name with no password', () => {
    expect(credentialFromHarbor('dj', 'eyJ.a.b')).toEqual({ kind: 'jwt', token: 'eyJ.a.b' });
    expect(credentialFromHarbor('eyJ.a.b', '')).toEqual({ kind: 'jwt', token: 'eyJ.a.b' });
  });

  it('reads a DJ key with user "source" (no user to match) or with the DJ id', () => {
    expect(credentialFromHarbor('source', KEY)).toEqual({ kind: 'dj-key', key: KEY, user: null });
    expect(credentialFromHarbor('', `source:${KEY}`)).toEqual({ kind: 'dj-key', key: KEY, user: null });
    expect(credentialFromHarbor('dj-ada', KEY)).toEqual({ kind: 'dj-key', key: KEY, user: 'dj-ada' });
  });

  it('finds nothing in empty credentials', () => {
    expect(credentialFromHarbor('source', '')).toBeUndefined();
    expect(credentialFromHarbor('', '  ')).toBeUndefined();
  });
});
