import { libraryTagsSchema } from './library.contract';
import { queueSongReadySchema } from './queue.contract';
import { cleanText, cleanTextValue, hasControlCharacters, MAX_TAG_LENGTH, strictText } from './text';

describe('clean text (tags from files, ice fields from encoders)', () => {
  it('turns tabs and line breaks into spaces, drops other control characters and NUL, trims', () => {
    expect(cleanTextValue('  Song\u0000 Title\r\n(live)\t\u001b[31mred\u007f\u0085 ', 200)).toBe(
      'Song Title  (live) [31mred',
    );
  });

  it('cuts to the length without splitting a surrogate pair, and repairs lone surrogates', () => {
    expect(cleanTextValue('a'.repeat(5000), MAX_TAG_LENGTH)).toHaveLength(MAX_TAG_LENGTH);
    expect(cleanTextValue('ab🎵🎵', 3)).toBe('ab');
    expect(cleanTextValue('ab🎵🎵', 4)).toBe('ab🎵');
    const emoji = cleanTextValue('🎵'.repeat(300), MAX_TAG_LENGTH) ?? '';
    expect(emoji).toHaveLength(MAX_TAG_LENGTH);
    expect(strictText(MAX_TAG_LENGTH).safeParse(emoji).success).toBe(true);
    expect(cleanTextValue('x\uD800y', 10)).toBe('x\uFFFDy');
  });

  it('gives null for nothing left, and never refuses', () => {
    const schema = cleanText(10);
    expect(schema.parse('\u0000\u0001  \n')).toBeNull();
    expect(schema.parse(null)).toBeNull();
    expect(schema.parse(undefined)).toBeNull();
    expect(schema.parse('x'.repeat(100_000))).toBe('x'.repeat(10));
  });

  it('keeps an omitted field omitted where it is optional (songReady falls back to the file tags)', () => {
    expect(queueSongReadySchema.parse({ id: '3f1c2b8a-6d4e-4f5a-9b7c-2e1d0a9f8c7b', file: 'a.ogg' }).artist).toBe(
      undefined,
    );
    const ready = queueSongReadySchema.parse({
      id: '3f1c2b8a-6d4e-4f5a-9b7c-2e1d0a9f8c7b',
      file: 'a.ogg',
      title: `T\u0000${'t'.repeat(600)}`,
      artist: '\u0007',
    });
    expect(ready.title).toBe(`T${'t'.repeat(MAX_TAG_LENGTH - 1)}`);
    expect(ready.artist).toBeNull();
  });
});

describe('strict text (what a person typed)', () => {
  it.each(['a\u0000b', 'line\nbreak', 'tab\there', 'esc\u001b[2J', 'c1\u0085', 'line\u2028separator'])(
    'refuses %j with a reason',
    (input) => {
      const parsed = strictText(MAX_TAG_LENGTH).safeParse(input);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/control characters/);
      expect(hasControlCharacters(input)).toBe(true);
    },
  );

  it('trims, and refuses empty and over-long text', () => {
    expect(strictText(5).parse('  Ünï 🎵 ')).toBe('Ünï 🎵');
    expect(strictText(5).safeParse('   ').success).toBe(false);
    expect(strictText(5).safeParse('toolong').success).toBe(false);
  });

  it('guards the library retag', () => {
    expect(libraryTagsSchema.safeParse({ title: 'ok\u0000' }).success).toBe(false);
    expect(libraryTagsSchema.parse({ artist: ' Ada ' })).toEqual({ artist: 'Ada' });
  });
});
