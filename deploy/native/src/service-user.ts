import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The unprivileged account every station process runs as when the runner is started as root. */
export const SERVICE_USER = 'h4kstream';

export interface ServiceAccount {
  name: string;
  uid: number;
  gid: number;
}

/** Creates the system user (and its group) once; later starts find it. */
export function ensureServiceUser(name = SERVICE_USER): ServiceAccount {
  if (!lookupAccount(name)) {
    execFileSync(
      'useradd',
      [
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        name,
      ],
      { stdio: 'pipe' },
    );
  }
  const account = lookupAccount(name);
  if (!account) throw new Error(`could not create the system user ${name}`);
  return account;
}

function lookupAccount(name: string): ServiceAccount | undefined {
  try {
    const line = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim();
    const [, , uid, gid] = line.split(':');
    return { name, uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/** Every directory from `/` down to `path`, the path itself included. */
export function ancestorsOf(path: string): string[] {
  const chain: string[] = [];
  for (let current = path; ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) return chain;
  }
}

/**
 * A checkout in root's home (mode 0700) or any other private directory: the service user gets
 * search permission (`x`, not read) on exactly the ancestors that deny it, through a POSIX ACL,
 * so it can reach the checkout and the data dir without anything else being opened up.
 */
export function grantTraversal(paths: string[], account: ServiceAccount): string[] {
  const granted: string[] = [];
  for (const dir of new Set(paths.flatMap(ancestorsOf))) {
    const stat = statSync(dir);
    const reachable =
      (stat.mode & 0o001) !== 0 || stat.uid === account.uid || (stat.gid === account.gid && (stat.mode & 0o010) !== 0);
    if (reachable || hasSearchAcl(dir, account.name)) continue;
    try {
      execFileSync('setfacl', ['-m', `u:${account.name}:x`, dir], { stdio: 'pipe' });
    } catch (error) {
      const detail =
        error instanceof Error && 'stderr' in error ? String((error as { stderr: unknown }).stderr).trim() : '';
      throw new Error(
        `${account.name} cannot reach ${dir} (mode ${(stat.mode & 0o777).toString(8)}) and setfacl failed${detail ? `: ${detail}` : ''}. ` +
          `Allow it with \`setfacl -m u:${account.name}:x ${dir}\` or move the station out of that directory.`,
      );
    }
    granted.push(dir);
  }
  return granted;
}

function hasSearchAcl(dir: string, user: string): boolean {
  try {
    const acl = execFileSync('getfacl', ['--omit-header', '--absolute-names', dir], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return new RegExp(`^user:${user}:..x`, 'm').test(acl);
  } catch {
    return false;
  }
}

/** Hands a directory tree to the service user (`chown -R` does not follow symlinks). */
export function chownTree(root: string, account: ServiceAccount): void {
  execFileSync('chown', ['-R', `${account.uid}:${account.gid}`, root], { stdio: 'pipe' });
}

/** A file only `owner` may read or write (rendered configs, secrets). */
export function restrictTo(file: string, owner: { uid: number; gid: number }): void {
  chownSync(file, owner.uid, owner.gid);
  chmodSync(file, 0o600);
}
