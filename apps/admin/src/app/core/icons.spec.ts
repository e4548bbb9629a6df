import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { ICON_NAMES } from './icons';

const APP = join(__dirname, '..');
const SPRITE = readFileSync(join(__dirname, '../../../public/icons.svg'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|html)$/.test(name) && !name.endsWith('.spec.ts') && name !== 'icons.ts' ? [path] : [];
  });
}

describe('icons', () => {
  it('has a symbol in public/icons.svg for every name in ICON_NAMES, and no other', () => {
    const symbols = [...SPRITE.matchAll(/<symbol id="([a-z0-9_]+)"/g)].map((match) => match[1]);
    expect(symbols).toEqual([...ICON_NAMES]);
  });

  it('is what every template and icon map names (quoted icon names near svgIcon or in *_ICON maps)', () => {
    const known = new Set<string>(ICON_NAMES);
    const used = new Set<string>();
    for (const file of sources(APP)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/svgIcon="([a-z0-9_]+)"/g)) used.add(match[1] ?? '');
      for (const match of text.matchAll(/\[svgIcon\]="([^"]+)"/g)) {
        // the branches of a condition: `a ? 'x' : 'y'`
        for (const quoted of (match[1] ?? '').matchAll(/[?:] '([a-z0-9_]+)'/g)) used.add(quoted[1] ?? '');
      }
      for (const match of text.matchAll(/icon: '([a-z0-9_]+)'/g)) used.add(match[1] ?? '');
      for (const block of text.matchAll(/_ICON[^=]*= \{([^}]*)\}/g)) {
        for (const quoted of (block[1] ?? '').matchAll(/: '([a-z0-9_]+)'/g)) used.add(quoted[1] ?? '');
      }
    }
    expect([...used].filter((name) => !known.has(name))).toEqual([]);
    expect(used.size).toBeGreaterThan(20);
  });
});
