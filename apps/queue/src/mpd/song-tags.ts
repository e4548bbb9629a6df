import { basename, extname } from 'node:path';

import { cleanTextValue, MAX_TAG_LENGTH } from '@h4k/contracts';

/**
 * What the station shows of a file's tags: cleaned and cut like every title on air (a tag may hold
 * control characters or run for kilobytes), the file name when the title tag is missing or empty.
 */
export function shownTitle(tag: string | undefined, path: string | undefined): string {
  return (
    cleanTextValue(tag, MAX_TAG_LENGTH) ??
    cleanTextValue(path ? basename(path, extname(path)) : undefined, MAX_TAG_LENGTH) ??
    'unknown'
  );
}

export function shownArtist(tag: string | undefined): string | null {
  return cleanTextValue(tag, MAX_TAG_LENGTH);
}
