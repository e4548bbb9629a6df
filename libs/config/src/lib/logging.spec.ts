import { redactUrl } from './logging';

describe('redactUrl', () => {
  it.each([
    ['/queue/events?token=abc', '/queue/events?token=[redacted]'],
    ['/x?access_token=abc&page=2', '/x?access_token=[redacted]&page=2'],
    ['/dj?Token=a&KEY=b', '/dj?Token=[redacted]&KEY=[redacted]'],
    ['/x?%74oken=abc', '/x?%74oken=[redacted]'],
    ['/x?password=a=b', '/x?password=[redacted]'],
    ['/admin/pause?playlist=fallback', '/admin/pause?playlist=fallback'],
    ['/now-playing', '/now-playing'],
    ['/x?token', '/x?token'],
    ['/x?%E0%A4%A=1', '/x?%E0%A4%A=1'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
