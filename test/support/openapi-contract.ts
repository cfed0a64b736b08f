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
 * The document's schema as JSON Schema for ajv, read the way its readers (Swagger UI, client
 * generators) read it: `nullable: true` means "or null" for the whole schema, a nullable `allOf`
 * reference and a nullable `enum` included. `closed`: an object that lists its properties has no
 * others, so a field the answer carries but the document does not name is reported.
 */
function asJsonSchema(schema: unknown, closed: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => asJsonSchema(s, closed));
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const out = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, k === 'example' || k === 'examples' || k === 'enum' ? v : asJsonSchema(v, closed)]),
  );
  if (closed && out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/**
 * Checks real answers against the document: the status must be documented for that path and method,
 * and a JSON body must match the schema documented for that status (ajv; OpenAPI 3.0's `nullable`
 * as "or null"). A success body must carry no field the document does not name; a refusal may (the
 * error filter passes the framework's own fields through, such as `error: "Bad Request"`).
 */
export class ContractChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    addFormats(this.ajv);
    // Local references (#/components/schemas/…) resolve against the document's own components.
    this.ajv.addSchema({ components: asJsonSchema(doc.components, true) }, 'closed');
    this.ajv.addSchema({ components: asJsonSchema(doc.components, false) }, 'open');
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
      const closed = res.status < 300;
      const local = JSON.stringify(schema).replace(/"#\/components\//g, `"${closed ? 'closed' : 'open'}#/components/`);
      validate = this.ajv.compile(asJsonSchema(JSON.parse(local), closed) as object);
      this.compiled.set(key, validate);
    }
    if (validate(res.body)) return [];
    return (validate.errors ?? []).map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : '';
      return `${key}: ${e.instancePath || '(body)'} ${e.message}${extra}`;
    });
  }
}

/**
 * `conforms(method, path, res, status)`: expects the status, then that the answer matches the
 * document (its path template, `/api/rounds/{id}`); answers the response for what the test reads next.
 */
export function contractOf(contract: ContractChecker) {
  return function conforms<R extends { status: number; body: unknown }>(method: string, path: string, res: R, status: number): R {
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    expect(contract.problems(method, path, res)).toEqual([]);
    return res;
  };
}
