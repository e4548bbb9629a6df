import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

import { responseSchemas } from './api-schemas';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('h4kstream API')
    .setDescription('Community radio: listener queue, fallback library, live DJs, now playing.')
    .setVersion('0.1.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'Admin token, user JWT or livestream JWT',
    })
    .build();
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config), { version: '3.0' });
  // Paths in a fixed order: Nest lists them in module start order, which differs between the bundle
  // (`npm run openapi`) and the sources (jest), so a regenerated spec reordered itself in every diff.
  document.paths = Object.fromEntries(Object.entries(document.paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...responseSchemas() },
  };
  return document;
}

/** Swagger UI at /api/docs, the JSON at /api/docs-json. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
  });
  return document;
}
