const PLACEHOLDER = /\$\{([A-Z][A-Z0-9_]*)\}/g;

/**
 * Replaces every `${NAME}` with its value. A placeholder without a value is an error, so a
 * config can never be written with a hole in it.
 */
export function renderTemplate(template: string, values: Record<string, string | undefined>): string {
  const missing = new Set<string>();
  const rendered = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return '';
    }
    return value;
  });
  if (missing.size > 0) throw new Error(`template needs ${[...missing].join(', ')}`);
  return rendered;
}
