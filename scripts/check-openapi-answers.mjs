#!/usr/bin/env node
// Lists the operations of the OpenAPI document (default test-results/openapi.json, as
// `npm run openapi` writes it) whose 2xx JSON answer has no real schema: none at all, a bare
// `object` without properties or $ref, or an array of such; and the classes of apps/api/src that
// share a name (Swagger names a schema after its class, so the second silently replaces the first).
// Exits 1 when it lists any.
import fs from 'node:fs';
import path from 'node:path';

const file = process.argv[2] ?? 'test-results/openapi.json';
const doc = JSON.parse(fs.readFileSync(file, 'utf8'));

/** Why a schema says nothing about the body, or null when it describes one. */
function untyped(schema) {
  if (!schema) return 'no schema';
  if (schema.$ref || schema.oneOf || schema.anyOf || schema.allOf || schema.enum) return null;
  if (schema.type === 'array') return schema.items ? untyped(schema.items) && `array of ${untyped(schema.items)}` : 'array of anything';
  if (schema.type === 'object' || schema.type === undefined) {
    const described = Object.keys(schema.properties ?? {}).length > 0 || typeof schema.additionalProperties === 'object';
    return described ? null : `bare ${schema.type ?? 'untyped'}`;
  }
  return null;
}

const found = [];
for (const [path, methods] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(methods)) {
    for (const [status, res] of Object.entries(op.responses ?? {})) {
      if (!/^2/.test(status) || status === '204') continue;
      const content = res.content ?? {};
      if (Object.keys(content).length === 0) {
        found.push(`${method.toUpperCase()} ${path} ${status}: no content`);
        continue;
      }
      const json = content['application/json'];
      if (!json) continue; // a file answer (PDF, xlsx, …) documents its own media types
      const why = untyped(json.schema);
      if (why) found.push(`${method.toUpperCase()} ${path} ${status}: ${why}`);
    }
  }
}
const classes = new Map();
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(file);
    else if (file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      for (const [, name] of fs.readFileSync(file, 'utf8').matchAll(/^export class (\w+)/gm))
        classes.set(name, [...(classes.get(name) ?? []), file]);
  }
};
walk('apps/api/src');
for (const [name, files] of classes) if (files.length > 1) found.push(`class ${name} is declared twice: ${files.join(', ')}`);

const total = Object.values(doc.paths).reduce((n, m) => n + Object.keys(m).length, 0);
for (const line of found) console.log(line);
console.log(`${found.length} problems; ${total} operations, each 2xx JSON answer typed unless listed above`);
process.exit(found.length > 0 ? 1 : 0);
