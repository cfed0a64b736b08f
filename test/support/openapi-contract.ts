import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
}

/**
 * The OpenAPI document as `npm run openapi` writes it: from the build (npm test's prepare step
 * makes it; the Swagger CLI plugin only runs there), by the same script, so the test checks the
 * contract that is served and linted.
 */
export function builtOpenApiDocument(): OpenApiDocument {
  const out = join(mkdtempSync(join(tmpdir(), 'psp-openapi-')), 'openapi.json');
  execFileSync(process.execPath, ['dist/apps/api/src/write-openapi.js', out], { stdio: 'pipe' });
  return JSON.parse(readFileSync(out, 'utf8')) as OpenApiDocument;
}

/**
 * Checks real answers against the document: the status must be documented for that path and method,
 * and a JSON body must match the schema documented for that status (ajv, OpenAPI 3.0's `nullable`).
 */
export class ContractChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    // Local references (#/components/schemas/…) resolve against the document's own components.
    this.ajv.addSchema({ components: doc.components }, 'openapi');
  }

  /** The problems of one answer, empty when it matches; `path` is the document's template (`/api/rounds/{id}`). */
  problems(method: string, path: string, res: { status: number; body: unknown }): string[] {
    const op = this.doc.paths[path]?.[method.toLowerCase()];
    if (!op) return [`${method} ${path} is not in the document`];
    const documented = op.responses[String(res.status)];
    if (!documented) return [`${method} ${path} answered ${res.status}, documented: ${Object.keys(op.responses).join(', ')}`];
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return [`${method} ${path} ${res.status} documents no JSON schema`];
    const key = `${method} ${path} ${res.status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/')));
      this.compiled.set(key, validate);
    }
    return validate(res.body) ? [] : (validate.errors ?? []).map((e) => `${key}: ${e.instancePath || '(body)'} ${e.message}`);
  }
}
