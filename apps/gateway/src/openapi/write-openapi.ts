import { NestFactory } from '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { GatewayModule } from '../gateway.module';
import { buildOpenApiDocument } from './openapi';

/** Writes the committed OpenAPI spec (apps/gateway/openapi.json) from the gateway's decorators. */
async function main(): Promise<void> {
  const target = process.argv[2] ?? 'apps/gateway/openapi.json';
  const app = await NestFactory.create(GatewayModule, { logger: false, abortOnError: false });
  writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
}

void main();
