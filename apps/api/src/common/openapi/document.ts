import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { INestApplication } from '@nestjs/common';

/** Where the contract is served: Swagger UI at /api/docs, the JSON at /api/docs-json. */
export const API_DOCS_PATH = 'api/docs';
export const API_DOCS_JSON_PATH = 'api/docs-json';

/**
 * The OpenAPI document of the JSON API (the portal's pages are left out by @WebController). Built
 * from the controllers' decorators and the DTO classes (the @nestjs/swagger CLI plugin, run by
 * `nest build`, adds their properties and the routes' JSDoc summaries), so it is only as complete
 * as the build: serve and write it from dist/.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('公益创投与政府购买服务平台 API')
    .setDescription(
      '公益创投与政府购买服务：申报、审查、评审、资金、评估、结项。\n\n' +
        'Public-welfare ventures and government-purchased social services: application, review, funding, evaluation, ' +
        'closeout. Every refusal is an `ErrorBody` (4xx/503); a 400 names each field and rule in `errors[]`.',
    )
    .setVersion('0.1.0')
    .setLicense('UNLICENSED（内部使用 / proprietary）', 'https://docs.npmjs.com/cli/configuring-npm/package-json#license')
    .addServer('/', '本服务 / this server')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'POST /api/auth/login 返回的 accessToken / the accessToken of POST /api/auth/login',
    })
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves Swagger UI and the JSON document (unless API_DOCS is off). */
export function serveOpenApiDocument(app: INestApplication): void {
  SwaggerModule.setup(API_DOCS_PATH, app, () => createOpenApiDocument(app), { jsonDocumentUrl: API_DOCS_JSON_PATH });
}
