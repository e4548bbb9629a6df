import * as fs from 'node:fs';
import * as path from 'node:path';

import { load } from 'js-yaml';

import type { RepoFiles } from './rules';
import { asCompose, type Compose } from './schema';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export function repoFiles(root = REPO_ROOT): RepoFiles {
  return {
    exists: (relativePath) => fs.existsSync(path.join(root, relativePath)),
    read: (relativePath) => fs.readFileSync(path.join(root, relativePath), 'utf8'),
    list: (dir) =>
      fs.existsSync(path.join(root, dir))
        ? fs
            .readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
        : [],
  };
}

/** The repo with some files replaced (a string) or removed (null). */
export function withFiles(files: RepoFiles, changes: Record<string, string | null>): RepoFiles {
  return {
    exists: (p) => (p in changes ? changes[p] !== null : files.exists(p)),
    list: (dir) => [
      ...new Set([
        ...files.list(dir).filter((p) => changes[p] !== null),
        ...Object.keys(changes).filter((p) => p.startsWith(`${dir}/`) && changes[p] !== null),
      ]),
    ],
    read: (p) => {
      const changed = changes[p];
      if (changed === null) throw new Error(`${p} was removed`);
      return changed ?? files.read(p);
    },
  };
}

/** compose.yaml as YAML gives it (`<<:` merged), not yet checked. */
export function readCompose(files: RepoFiles = repoFiles()): unknown {
  return load(files.read('compose.yaml'));
}

/** compose.yaml, typed once the Compose Specification's schema accepts it (it throws otherwise). */
export function loadCompose(files: RepoFiles = repoFiles()): Compose {
  return asCompose(readCompose(files));
}
