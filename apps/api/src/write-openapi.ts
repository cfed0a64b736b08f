import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';

/**
 * Writes the OpenAPI document to a file (argument 1, default test-results/openapi.json) without
 * starting anything: Nest's preview mode resolves the routes and their metadata but creates no
 * provider, so neither PostgreSQL nor Temporal is touched. `npm run openapi` runs it on the build.
 */
async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? 'test-results/openapi.json');
  // The configuration module checks these at load; nothing is signed in preview mode.
  process.env.JWT_SECRET ??= 'openapi-preview-only-'.padEnd(40, '-');
  process.env.CSRF_SECRET ??= 'openapi-preview-csrf-'.padEnd(40, '-');
  // Loaded only now: ConfigModule.forRoot reads the environment when the module is loaded.
  const { AppModule } = await import('./app.module');
  const { setApiPrefix } = await import('./app.setup');
  const { createOpenApiDocument } = await import('./common/openapi/document');
  const app = await NestFactory.create(AppModule, { preview: true, logger: ['error'], abortOnError: false });
  setApiPrefix(app);
  const doc = createOpenApiDocument(app);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
  await app.close();
  console.log(`[openapi] ${Object.keys(doc.paths).length} paths written to ${out}`);
}

main().catch((e) => {
  console.error(`[openapi] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
