import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { NestFactory } from '@nestjs/core';

import { GatewayModule } from '../gateway.module';
import { buildOpenApiDocument } from './openapi';

describe('the committed OpenAPI spec', () => {
  beforeAll(() => {
    process.env['ADMIN_API_TOKEN'] = 'spec-admin-token-0123456789';
    process.env['LIQUIDSOAP_TOKEN'] = 'spec-liquidsoap-token-0123456789';
    process.env['JWT_SECRET'] = 'spec-jwt-secret-0123456789';
    process.env['REDIS_PORT'] = '1';
  });

  it('matches the gateway (run `npm run openapi` after changing a route)', async () => {
    const app = await NestFactory.create(GatewayModule, { logger: false });
    const document = buildOpenApiDocument(app);
    await app.close();
    const committed = JSON.parse(readFileSync(join(__dirname, '../../openapi.json'), 'utf8')) as unknown;
    expect(JSON.parse(JSON.stringify(document))).toEqual(committed);
    // toEqual ignores key order: the order is checked on its own
    const paths = Object.keys((committed as { paths: object }).paths);
    expect(paths).toEqual([...paths].sort());
    expect(Object.keys(document.paths)).toEqual(paths);
  });

  it('keeps internal routes out of the public spec', () => {
    const committed = readFileSync(join(__dirname, '../../openapi.json'), 'utf8');
    expect(committed).not.toMatch(/\/internal\//);
  });
});
