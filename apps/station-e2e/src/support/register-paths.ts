import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { register } from 'tsconfig-paths';

// Jest's global setup runs outside its module mapper: resolve the workspace's @h4k/* aliases here.
const repoRoot = join(__dirname, '../../../..');
const base = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
register({ baseUrl: repoRoot, paths: base.compilerOptions.paths });
