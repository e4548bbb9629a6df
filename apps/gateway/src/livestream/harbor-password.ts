import { DJ_KEY_PATTERN } from '../tokens/dj-keys';

/** What a DJ's encoder sent as harbor credentials: a DJ JWT, or a DJ key with the user name it came with. */
export type HarborCredential = { kind: 'jwt'; token: string } | { kind: 'dj-key'; key: string; user: string | null };

/**
 * The DJ's credential as their encoder sends it: ffmpeg's `icecast://source:TOKEN@…` arrives as user
 * "source" + password TOKEN; some encoders put "source:TOKEN" in the password field; others send the
 * token as the user name with an empty password. A DJ key comes as the password, with user "source" or
 * the DJ's id (ezstream, BUTT, Mixxx).
 */
export function credentialFromHarbor(user: string, password: string): HarborCredential | undefined {
  const fromPassword = password.trim().replace(/^source:/, '');
  const userName = user.trim();
  if (DJ_KEY_PATTERN.test(fromPassword)) {
    return { kind: 'dj-key', key: fromPassword, user: userName && userName !== 'source' ? userName : null };
  }
  if (fromPassword) return { kind: 'jwt', token: fromPassword };
  return userName && userName !== 'source' ? { kind: 'jwt', token: userName } : undefined;
}
