import { MAX_TAG_LENGTH } from '@h4k/contracts';

import { shownArtist, shownTitle } from './song-tags';

describe('tags read from files, as the station shows them', () => {
  it('cleans control characters and cuts a long tag', () => {
    expect(shownTitle(`\u0000Night\r\nDrive\u001b${'!'.repeat(5000)}`, 'a.ogg')).toBe(
      `Night  Drive${'!'.repeat(MAX_TAG_LENGTH - 'Night  Drive'.length)}`,
    );
    expect(shownArtist(' Ada\tL. ')).toBe('Ada L.');
  });

  it('falls back to the file name when the title tag is missing or only control characters', () => {
    expect(shownTitle(undefined, 'dir/My Song.flac')).toBe('My Song');
    expect(shownTitle('\u0001\u0002', 'x/Tone.ogg')).toBe('Tone');
    expect(shownTitle(undefined, undefined)).toBe('unknown');
    expect(shownArtist('\u0007')).toBeNull();
  });
});
