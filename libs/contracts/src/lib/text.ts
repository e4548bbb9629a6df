import { z } from 'zod';

/**
 * Free text shown on air and in the panel: titles, artists, a DJ's ice-* fields. Two rules, one per
 * source. What a person types (a submission, a retag) is refused with a reason when it holds control
 * characters: `strictText`. What arrives from a file's tags or a DJ's encoder is cleaned and cut,
 * never refused: a refusal there leaves now-playing stale or a DJ's connect failing: `cleanText`.
 */

/** Longest title or artist kept anywhere (input, tags read from files, now-playing). */
export const MAX_TAG_LENGTH = 200;

/** C0 controls (NUL included), DEL and C1 controls; Unicode line/paragraph separators break log lines and SSE. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const CONTROL_RUNS = /[\p{Cc}\u2028\u2029]+/gu;
/** Half of a surrogate pair on its own: not text, and JSON encoders disagree about it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Tabs and line breaks in a tag meant a space; every other control character means nothing. */
const SPACING_CONTROLS = /[\t\n\v\f\r\u2028\u2029]/g;

export function hasControlCharacters(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * Tag text made safe to show: broken surrogates repaired, line breaks and tabs turned into spaces, other
 * control characters dropped, trimmed, cut to `max` UTF-16 units (what `.max()`
 * checks; never inside a surrogate pair). Null when nothing is left.
 */
export function cleanTextValue(raw: string | null | undefined, max: number): string | null {
  if (raw === null || raw === undefined) return null;
  const cleaned = raw.replace(LONE_SURROGATE, '\uFFFD').replace(SPACING_CONTROLS, ' ').replace(CONTROL_RUNS, '').trim();
  // Cut in UTF-16 units, as zod's .max() and JavaScript count them, never inside a surrogate pair.
  let end = Math.min(max, cleaned.length);
  if (end < cleaned.length && isHighSurrogate(cleaned.charCodeAt(end - 1))) end -= 1;
  const cut = cleaned.slice(0, end).trimEnd();
  return cut.length > 0 ? cut : null;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Text from files and encoders: any string (or nothing) accepted, cleaned and cut; null when empty.
 * Add `.optional()` where an omitted field must stay omitted (zod then skips the transform).
 */
export function cleanText(max: number) {
  return z
    .string()
    .nullish()
    .transform((raw) => cleanTextValue(raw, max));
}

/** Text a person typed: trimmed, 1..max characters, refused with a reason when it holds control characters. */
export function strictText(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !hasControlCharacters(text), 'no control characters (NUL, line breaks, escapes…)');
}
