import { openFilesWarning, parseOpenFilesLimit } from './open-files';

const limits = (soft: string, hard: string) =>
  [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             63735                63735                processes ',
    `Max open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files     `,
    'Max locked memory         8388608              8388608              bytes     ',
  ].join('\n');

describe('open files for MAX_LISTENERS', () => {
  it('reads the soft limit of /proc/<pid>/limits', () => {
    expect(parseOpenFilesLimit(limits('1024', '524288'))).toBe(1024);
    expect(parseOpenFilesLimit(limits('unlimited', 'unlimited'))).toBeUndefined();
  });

  it('warns when the limit cannot hold every listener, and only then', () => {
    expect(openFilesWarning(1000, limits('1024', '524288'))).toMatch(
      /only 1024 open files.*MAX_LISTENERS=1000 needs about 2256/,
    );
    expect(openFilesWarning(1000, limits('65536', '65536'))).toBeUndefined();
    expect(openFilesWarning(10_000, limits('unlimited', 'unlimited'))).toBeUndefined();
  });
});
