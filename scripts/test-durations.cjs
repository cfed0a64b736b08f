#!/usr/bin/env node
// Writes test/durations.json (seconds per test file, for test/sequencer.cjs) from the Jest JSON
// results of the last `npm test` and `npm run test:faults` (test-results/*.json). Files of the
// suite that did not run this time keep their earlier figure.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'test/durations.json');
// A results file written in another clone names that clone's paths: keep the part from the suite's folders on.
const inSuite = (name) =>
  name.startsWith(`${root}${path.sep}`)
    ? path.relative(root, name)
    : (/(?:^|\/)((?:apps|workflows|activities|prisma|test)\/.*)$/.exec(name)?.[1] ?? name);
const durations = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : {};
for (const name of ['jest-results.json', 'faults-results.json']) {
  const file = path.join(root, 'test-results', name);
  if (!fs.existsSync(file)) continue;
  for (const t of JSON.parse(fs.readFileSync(file, 'utf8')).testResults ?? []) {
    if (t.startTime && t.endTime) durations[inSuite(t.name)] = Math.round((t.endTime - t.startTime) / 1000);
  }
}
const sorted = Object.fromEntries(Object.entries(durations).sort(([a], [b]) => a.localeCompare(b)));
fs.writeFileSync(out, `${JSON.stringify(sorted, null, 2)}\n`);
console.log(`[durations] ${Object.keys(sorted).length} files in ${path.relative(root, out)}`);
