import { isPlaylistLink, sourceKeyOf } from './song-vetting';

describe('song vetting without the network', () => {
  it.each([
    ['https://www.youtube.com/playlist?list=PL123', true],
    ['https://youtube.com/watch?list=PL123', true],
    ['https://m.youtube.com/playlist?list=PL123&index=2', true],
    ['https://www.youtube.com/watch?v=abc&list=PL123', false],
    ['https://www.youtube.com/watch?v=abc', false],
    ['https://example.org/playlist?list=1', false],
  ])('%s is a playlist link: %s', (link, expected) => {
    expect(isPlaylistLink(new URL(link))).toBe(expected);
  });

  it('keys one YouTube video the same whatever the host or extra parameters', () => {
    const keys = [
      'https://www.youtube.com/watch?v=abc123',
      'https://youtube.com/watch?v=abc123&t=42',
      'https://m.youtube.com/watch?v=abc123#comments',
      'https://youtu.be/abc123',
      'https://www.youtube.com/watch?v=abc123&list=PL9',
    ].map((link) => sourceKeyOf(new URL(link)));
    expect(new Set(keys)).toEqual(new Set(['youtube:abc123']));
  });

  it('keys other links as written, without the fragment', () => {
    expect(sourceKeyOf(new URL('http://127.0.0.1:8080/tone.ogg?x=1#t=3'))).toBe('http://127.0.0.1:8080/tone.ogg?x=1');
    expect(sourceKeyOf(new URL('http://127.0.0.1:8080/tone.ogg?x=2'))).not.toBe(
      sourceKeyOf(new URL('http://127.0.0.1:8080/tone.ogg?x=1')),
    );
  });
});
