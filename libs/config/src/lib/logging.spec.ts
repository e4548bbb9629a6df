import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

import pino from 'pino';

import { logQueueErrors, pinoOptions, prettyLines, redactUrl } from './logging';

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

describe('prettyLines (LOG_PRETTY)', () => {
  it('turns the JSON events into one readable line each, without colours off a terminal', () => {
    let out = '';
    const collector = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out += chunk.toString();
        done();
      },
    });
    const logger = pino(pinoOptions('queue', { LOG_LEVEL: 'log' }), prettyLines(collector));
    logger.info({ context: 'MpdClient' }, 'connected to the user MPD');
    logger.debug('not at LOG_LEVEL=log');
    const lines = out.split('\n').filter((line) => line.length > 0);
    expect(lines).toEqual([
      expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: queue \[MpdClient\] connected to the user MPD$/),
    ]);
    expect(out).not.toContain('\u001b[');
  });
});

describe('logQueueErrors', () => {
  it('turns a queue error event into one warning per 10 s (no listener: BullMQ would console.error it)', () => {
    const queue = Object.assign(new EventEmitter(), { name: 'downloads' });
    const warnings: string[] = [];
    logQueueErrors(queue, { warn: (message: string) => warnings.push(message) });
    // without the listener, emitting 'error' would throw
    expect(() => {
      queue.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
      queue.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    }).not.toThrow();
    expect(warnings).toEqual(['queue downloads: connect ECONNREFUSED 127.0.0.1:6379']);
  });
});
