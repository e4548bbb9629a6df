import { PATTERNS, requestSchemas, responseSchemas } from './contract';

describe('the RPC contract', () => {
  it('declares a request and a response schema for every pattern, and nothing else', () => {
    const patterns = Object.values(PATTERNS)
      .flatMap((service) => Object.values(service))
      .sort();
    expect(Object.keys(requestSchemas).sort()).toEqual(patterns);
    expect(Object.keys(responseSchemas).sort()).toEqual(patterns);
  });

  it('reads an answer with the schema of its pattern', () => {
    const answer = { id: '6f1c1d52-3c41-4a4f-9a55-0d3a4ad7e8b1', state: 'waiting', cancelled: true };
    expect(responseSchemas[PATTERNS.downloader.cancel].parse(answer)).toEqual(answer);
    expect(responseSchemas[PATTERNS.downloader.cancel].safeParse({ ...answer, state: 'gone' }).success).toBe(false);
    expect(responseSchemas[PATTERNS.livestream.users].safeParse([{ userId: 'dj' }]).success).toBe(false);
  });
});
