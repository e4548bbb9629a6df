import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { STATION_SECRET_NAMES } from '@h4k/config';
import { tempDir } from '@h4k/testing';

import { loadOrCreateSecrets, parseEnvFile } from './station-secrets';

describe('station secrets', () => {
  it('generates missing secrets once, into a 0600 file, and reuses them', () => {
    const file = join(tempDir('secrets'), 'secrets.env');
    const first = loadOrCreateSecrets(file, {});
    expect(first.ADMIN_API_TOKEN).toMatch(/^[0-9a-f]{48}$/);
    expect(new Set(Object.values(first)).size).toBe(STATION_SECRET_NAMES.length);
    expect(first.REDIS_PASSWORD).toMatch(/^[0-9a-f]{48}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecrets(file, {})).toEqual(first);
  });

  it('prefers the environment and never writes its values to the file', () => {
    const file = join(tempDir('secrets'), 'secrets.env');
    const secrets = loadOrCreateSecrets(file, {
      ADMIN_API_TOKEN: 'from-env-admin-token,second-admin-token',
    });
    expect(secrets.ADMIN_API_TOKEN).toBe('from-env-admin-token,second-admin-token');
    expect(parseEnvFile(readFileSync(file, 'utf8'))['ADMIN_API_TOKEN']).toBeUndefined();
  });
});
