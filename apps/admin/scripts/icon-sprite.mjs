// Writes apps/admin/public/icons.svg: one <symbol> per name in src/app/core/icons.ts (ICON_NAMES),
// taken from the @material-symbols/svg-400 package (outlined), which is not a dependency:
//
//   npm pack @material-symbols/svg-400@0.48.2 && tar xzf material-symbols-svg-400-0.48.2.tgz
//   node apps/admin/scripts/icon-sprite.mjs package/outlined
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2];
if (!source) {
  console.error('usage: node apps/admin/scripts/icon-sprite.mjs <dir of @material-symbols/svg-400/outlined>');
  process.exit(2);
}

const list = readFileSync(join(here, '../src/app/core/icons.ts'), 'utf8');
const block = /ICON_NAMES = \[([^\]]*)\]/.exec(list)?.[1] ?? '';
const names = [...block.matchAll(/'([a-z0-9_]+)'/g)].map((match) => match[1]);
if (names.length === 0) throw new Error('no ICON_NAMES found in icons.ts');

const symbols = names.map((name) => {
  const svg = readFileSync(join(source, `${name}.svg`), 'utf8');
  const viewBox = /viewBox="([^"]+)"/.exec(svg)?.[1];
  const inner = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(svg)?.[1];
  if (!viewBox || !inner) throw new Error(`${name}.svg: no viewBox or content`);
  return `<symbol id="${name}" viewBox="${viewBox}">${inner.trim()}</symbol>`;
});

writeFileSync(
  join(here, '../public/icons.svg'),
  '<svg xmlns="http://www.w3.org/2000/svg">\n' +
    '<!-- Material Symbols Outlined 400 (Apache-2.0), written by apps/admin/scripts/icon-sprite.mjs -->\n' +
    `${symbols.join('\n')}\n</svg>\n`,
);
console.log(`apps/admin/public/icons.svg: ${names.length} icons`);
