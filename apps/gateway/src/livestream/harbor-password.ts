/**
 * The DJ's token as their encoder sends it: ffmpeg's `icecast://source:TOKEN@…` arrives as user
 * "source" + password TOKEN; some encoders put "source:TOKEN" in the password field; others send
 * the token as the user name with an empty password.
 */
export function tokenFromHarborCredentials(user: string, password: string): string | undefined {
  const fromPassword = password.trim().replace(/^source:/, '');
  if (fromPassword) return fromPassword;
  const fromUser = user.trim();
  return fromUser && fromUser !== 'source' ? fromUser : undefined;
}
