/** One sample of Prometheus's text exposition format (0.0.4). */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
/** Sample names a family of these types adds to its own name. */
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

/**
 * Parses an exposition strictly, as a scraper would refuse it: every line a comment, a HELP/TYPE
 * line or a sample, every sample of a family declared by a TYPE line before it. Throws on the
 * first line that is not.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const families = new Map<string, string>();
  const samples: PrometheusSample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    const where = `line ${index + 1} (${JSON.stringify(line.slice(0, 120))})`;
    if (line === '') continue;
    if (line.startsWith('#')) {
      const [, keyword, name, rest] = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line) ?? [];
      if (keyword === 'TYPE') {
        if (!name || !METRIC_NAME.test(name) || !TYPES.has(rest ?? '')) throw new Error(`bad TYPE at ${where}`);
        families.set(name, rest ?? '');
      } else if (keyword === 'HELP' && (!name || !METRIC_NAME.test(name))) {
        throw new Error(`bad HELP at ${where}`);
      }
      continue;
    }
    const [, name, labelText, rawValue] = SAMPLE.exec(line) ?? [];
    if (!name || rawValue === undefined) throw new Error(`not a sample: ${where}`);
    if (!familyOf(name, families)) throw new Error(`sample without a TYPE: ${where}`);
    samples.push({ name, labels: parseLabels(labelText ?? '', where), value: parseValue(rawValue, where) });
  }
  return samples;
}

/** The value of the sample with exactly these labels, or undefined when there is none. */
export function sampleValue(
  samples: PrometheusSample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = Object.entries(labels);
  return samples.find(
    (sample) =>
      sample.name === name &&
      Object.keys(sample.labels).length === wanted.length &&
      wanted.every(([key, value]) => sample.labels[key] === value),
  )?.value;
}

function familyOf(name: string, families: Map<string, string>): string | undefined {
  if (families.has(name)) return name;
  for (const [family, type] of families) {
    if ((SUFFIXES[type] ?? []).some((suffix) => name === family + suffix)) return family;
  }
  return undefined;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match?.[1] || match[2] === undefined) throw new Error(`bad labels at ${where}`);
    labels[match[1]] = match[2].replace(/\\(["\\n])/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
  }
  return labels;
}

/** As Prometheus reads it (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`). */
function parseValue(raw: string, where: string): number {
  const special = raw.toLowerCase();
  if (special === '+inf' || special === 'inf') return Infinity;
  if (special === '-inf') return -Infinity;
  if (special === 'nan') return Number.NaN;
  const value = Number(raw);
  if (raw.trim() === '' || Number.isNaN(value)) throw new Error(`bad value at ${where}`);
  return value;
}
