import type { Request } from 'express';

import { bearerTokenOf, tokenMatchesAny } from './bearer-token';

const withAuthorization = (value?: string) => ({ headers: value ? { authorization: value } : {} }) as Request;

describe('bearer tokens', () => {
  it('reads the token of an Authorization: Bearer header', () => {
    expect(bearerTokenOf(withAuthorization('Bearer abc.def'))).toBe('abc.def');
    expect(bearerTokenOf(withAuthorization('bearer   xyz  '))).toBe('xyz');
  });

  it('ignores other schemes and missing headers', () => {
    expect(bearerTokenOf(withAuthorization('Basic c291cmNlOnRva2Vu'))).toBeUndefined();
    expect(bearerTokenOf(withAuthorization())).toBeUndefined();
  });

  it('matches any token of the list, and only whole tokens', () => {
    const allowed = ['first-admin-token', 'second-admin-token'];
    expect(tokenMatchesAny('second-admin-token', allowed)).toBe(true);
    expect(tokenMatchesAny('second-admin-toke', allowed)).toBe(false);
    expect(tokenMatchesAny('second-admin-tokenX', allowed)).toBe(false);
    expect(tokenMatchesAny('', allowed)).toBe(false);
  });
});
