#!/usr/bin/env node
// No line of the product over 140 characters, in the files ESLint does not read: the Handlebars
// templates, the portal's styles and images, the scripts and CI's own files, the Prisma schema.
// ESLint's max-len covers the TypeScript and JavaScript. Left out on purpose: the i18n message
// catalogues and package.json (JSON strings cannot be wrapped), Markdown (tables), tests, and
// prisma/migrations (SQL that Prisma writes; a migration already applied must never change, as
// its checksum is recorded in every database). Run by `npm run lint`.
const fs = require('node:fs');
const path = require('node:path');

const LIMIT = 140;
const ROOT = path.join(__dirname, '..');
// [folder, file name pattern]
const SCOPES = [
  ['templates', /\.(hbs|css|svg|js)$/],
  ['scripts', /./],
  ['.ci', /./],
  ['prisma', /\.prisma$/],
];
const SKIP_DIRS = new Set(['node_modules', 'migrations', 'i18n']);

function* files(dir, pattern) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* files(full, pattern);
    } else if (entry.isFile() && pattern.test(entry.name)) {
      yield full;
    }
  }
}

const long = [];
let checked = 0;
for (const [folder, pattern] of SCOPES) {
  const dir = path.join(ROOT, folder);
  if (!fs.existsSync(dir)) continue;
  for (const file of files(dir, pattern)) {
    const text = fs.readFileSync(file);
    if (text.includes(0)) continue; // binary
    checked++;
    text
      .toString('utf8')
      .split(/\r?\n/)
      .forEach((line, i) => {
        const length = [...line].length;
        if (length > LIMIT) long.push(`${path.relative(ROOT, file)}:${i + 1}: ${length} characters`);
      });
  }
}

if (long.length > 0) {
  console.error(`行长超过 ${LIMIT} 个字符 / lines over ${LIMIT} characters:\n${long.join('\n')}`);
  process.exit(1);
}
console.log(`[line-length] ${checked} files, no line over ${LIMIT} characters`);
