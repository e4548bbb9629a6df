import { createWebhookSchema, updateWebhookSchema } from './webhooks.dto';

describe('webhook bodies', () => {
  it.each(['null', 'not a url', 'http://', '//example.org/hook'])(
    'refuses %j as a url with a reason (never throws: the route fuzzer once got a 500 from PATCH)',
    (url) => {
      for (const schema of [updateWebhookSchema, createWebhookSchema]) {
        const parsed = schema.safeParse({ url, events: ['song.changed'] });
        expect(parsed.success).toBe(false);
        expect(parsed.error?.issues).toEqual(
          expect.arrayContaining([expect.objectContaining({ path: ['url'], message: 'must be an http(s) URL' })]),
        );
      }
    },
  );

  it('refuses a url with credentials in it', () => {
    const parsed = updateWebhookSchema.safeParse({ url: 'https://user:secret@example.org/hook' });
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
      'must not carry credentials (put a token in the path or query instead)',
    ]);
  });
});
