import { writeFileSync } from 'node:fs';

import { loadGatewayEnv, structuredLogger, withStructuredLogs } from '@h4k/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { GatewayModule } from './gateway.module';
import { buildOpenApiDocument, setupOpenApi } from './openapi/openapi';

async function bootstrap(): Promise<void> {
  const env = loadGatewayEnv();
  const app = await NestFactory.create(withStructuredLogs('gateway', GatewayModule, env, { http: true }), {
    bufferLogs: true,
  });
  app.useLogger(structuredLogger(app));
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.listen(env.GATEWAY_PORT, env.GATEWAY_HOST);
  Logger.log(`gateway listening on http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT} (docs at /api/docs)`, 'Bootstrap');
}

/** `main.js --write-openapi FILE` writes the committed spec from the routes' decorators. */
async function writeOpenApi(target: string): Promise<void> {
  const app = await NestFactory.create(GatewayModule, { logger: false });
  writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
}

const writeIndex = process.argv.indexOf('--write-openapi');
void (writeIndex > 0 ? writeOpenApi(process.argv[writeIndex + 1] ?? 'openapi.json') : bootstrap());
