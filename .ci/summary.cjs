#!/usr/bin/env node
// Reads Jest's JSON results (one file per run, given as arguments) and prints the time each test
// file took, slowest first, with totals per run; then, as the very last line, "N passed, N failed"
// for CI. Exits non-zero on any failure, a missing results file, or no passing test at all.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const RUNS = { 'jest-results.json': 'npm test', 'faults-results.json': 'test:faults' };
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const minutes = (ms) => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

let passed = 0;
let failed = 0;
const suites = [];
const totals = [];
for (const file of process.argv.slice(2)) {
  const run = RUNS[path.basename(file)] ?? path.basename(file, '.json');
  if (!fs.existsSync(file)) {
    console.error(`[ci] ${file} is missing: that run did not finish`);
    failed += 1;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites || 0);
  const timed = (r.testResults || []).filter((t) => t.startTime && t.endTime);
  for (const t of timed) {
    suites.push({ run, name: path.relative(root, t.name), ms: t.endTime - t.startTime, status: t.status });
  }
  const sum = timed.reduce((s, t) => s + (t.endTime - t.startTime), 0);
  const wall = timed.length ? Math.max(...timed.map((t) => t.endTime)) - (r.startTime || Math.min(...timed.map((t) => t.startTime))) : 0;
  totals.push(`${run}: ${timed.length} files, ${r.numTotalTests} tests, ${seconds(sum)} in files (${minutes(sum)}), ${minutes(wall)} wall`);
}

if (suites.length) {
  const width = Math.max(...suites.map((s) => s.name.length));
  console.log('\n[ci] time per test file, slowest first:');
  for (const s of suites.sort((a, b) => b.ms - a.ms)) {
    console.log(`  ${seconds(s.ms).padStart(8)}  ${s.name.padEnd(width)}  ${s.run}${s.status === 'passed' ? '' : ` (${s.status})`}`);
  }
  console.log('[ci] totals:');
  for (const t of totals) console.log(`  ${t}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
