// Fails (exit 1) when libs/api-client/src/generated is not exactly what
// ng-openapi-gen produces from apps/gateway/openapi.json, i.e. when someone
// changed the gateway's spec (or the generator config) without running
// `nx run api-client:generate` and committing the result.
//
// Run from the workspace root: `nx run api-client:check-generated`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const workspaceRoot = resolve(projectRoot, '../..');
const committedDir = join(projectRoot, 'src/generated');
const configFile = join(projectRoot, 'ng-openapi-gen.json');
const specFile = join(workspaceRoot, 'apps/gateway/openapi.json');

const require = createRequire(import.meta.url);
const genPkgJson = require.resolve('ng-openapi-gen/package.json');
const genBin = join(dirname(genPkgJson), JSON.parse(readFileSync(genPkgJson, 'utf8')).bin['ng-openapi-gen']);

/** Relative paths of all files below `dir`, sorted. */
function listFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)))
    .sort();
}

const tmp = mkdtempSync(join(tmpdir(), 'h4k-api-client-'));
const freshDir = join(tmp, 'generated');
try {
  const gen = spawnSync(process.execPath, [genBin, '--config', configFile, '--input', specFile, '--output', freshDir], {
    cwd: workspaceRoot,
    stdio: 'inherit',
  });
  if (gen.status !== 0) {
    console.error(`ng-openapi-gen failed (exit ${gen.status ?? gen.signal}).`);
    process.exit(2);
  }

  const committed = new Set(listFiles(committedDir));
  const fresh = new Set(listFiles(freshDir));
  const problems = [];
  for (const file of fresh) {
    if (!committed.has(file)) {
      problems.push(`missing   ${file}`);
    } else if (!readFileSync(join(freshDir, file)).equals(readFileSync(join(committedDir, file)))) {
      problems.push(`outdated  ${file}`);
    }
  }
  for (const file of committed) {
    if (!fresh.has(file)) problems.push(`stale     ${file}`);
  }

  if (problems.length > 0) {
    console.error(
      [
        `libs/api-client/src/generated does not match apps/gateway/openapi.json (${problems.length} file(s)):`,
        ...problems.map((p) => `  ${p}`),
        'Regenerate it with `npx nx run api-client:generate` and commit the result.',
      ].join('\n'),
    );
    process.exit(1);
  }
  console.log(`libs/api-client/src/generated is up to date (${fresh.size} files).`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
