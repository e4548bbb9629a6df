/** `<uuid>.ogg` at the top of the fallback dir: what the downloader writes. */
const DOWNLOADED_FILE = /^([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\.ogg$/;
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const PATH_ID_PREFIX = 'f_';

/**
 * A library song's id: URL-safe, and stable for as long as its file keeps its path. A downloaded
 * song's id is its uuid; any other file (starter tracks, songs copied in by hand) gets `f_` and the
 * base64url of its path, which cannot be mistaken for a uuid (`_` is not a hex digit).
 */
export function libraryIdOf(file: string): string {
  return DOWNLOADED_FILE.exec(file)?.[1] ?? PATH_ID_PREFIX + Buffer.from(file, 'utf8').toString('base64url');
}

/** The path an id names; undefined for anything this service did not hand out (so also for `..` escapes). */
export function fileOfLibraryId(id: string): string | undefined {
  if (UUID.test(id)) return `${id}.ogg`;
  if (!id.startsWith(PATH_ID_PREFIX)) return undefined;
  const file = Buffer.from(id.slice(PATH_ID_PREFIX.length), 'base64url').toString('utf8');
  return isInsideDir(file) && libraryIdOf(file) === id ? file : undefined;
}

function isInsideDir(file: string): boolean {
  return file.length > 0 && !file.startsWith('/') && !file.includes('\0') && !file.split('/').includes('..');
}
