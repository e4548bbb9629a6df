import { tokenFromHarborCredentials } from './harbor-password';

describe('tokenFromHarborCredentials', () => {
  it('reads ffmpeg-style source:TOKEN (user source, password TOKEN)', () => {
    expect(tokenFromHarborCredentials('source', 'eyJ.a.b')).toBe('eyJ.a.b');
  });

  it('reads "source:TOKEN" put whole into the password field', () => {
    expect(tokenFromHarborCredentials('', 'source:eyJ.a.b')).toBe('eyJ.a.b');
    expect(tokenFromHarborCredentials('source', 'source:eyJ.a.b')).toBe('eyJ.a.b');
  });

  it('reads a bare token as password, or as user name with no password', () => {
    expect(tokenFromHarborCredentials('dj', 'eyJ.a.b')).toBe('eyJ.a.b');
    expect(tokenFromHarborCredentials('eyJ.a.b', '')).toBe('eyJ.a.b');
  });

  it('finds nothing in empty credentials', () => {
    expect(tokenFromHarborCredentials('source', '')).toBeUndefined();
    expect(tokenFromHarborCredentials('', '  ')).toBeUndefined();
  });
});
