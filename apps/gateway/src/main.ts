import { loadStationEnv } from '@h4k/config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GatewayModule } from './gateway.module';
import { setupOpenApi } from './openapi/openapi';

async function bootstrap(): Promise<void> {
  const env = loadStationEnv();
  const app = await NestFactory.create(GatewayModule, { bufferLogs: false });
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.listen(env.GATEWAY_PORT, env.GATEWAY_HOST);
  Logger.log(`gateway listening on http://${env.GATEWAY_HOST}:${env.GATEWAY_PORT} (docs at /api/docs)`, 'Bootstrap');
}

void bootstrap();
