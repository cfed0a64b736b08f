import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { createValidationPipe } from './common/validation';
import { webRoutes } from './web/web-routes';
import { configureWebViews } from './web/web-views';
import type { INestApplication } from '@nestjs/common';

/** Everything main.ts and the tests both need, so the tested app is the shipped app. */
export function configureApp(app: INestApplication): void {
  // The JSON API lives under /api; the server-rendered portal's pages at the site's root.
  app.setGlobalPrefix('api', { exclude: webRoutes() });
  configureWebViews(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('公益创投与政府购买服务平台 API')
    .setDescription('Public-welfare ventures and government-purchased social services: application, review, funding, evaluation, closeout.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
}
