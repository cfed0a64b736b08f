'use strict';
// Jest's order of test files for `npm test` and the fault suite: the files known to take longest
// start first (test/durations.json, seconds per file as a whole run on the two-core machine
// measured them; `npm run test:durations` rewrites it from the last run's results), so that a long
// browser walk never starts last and runs alone at the end. A file not listed yet counts as a
// minute; files of equal weight keep Jest's own order (failed last time first, then by size).
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;
const durations = require('./durations.json');

const root = path.resolve(__dirname, '..');
const UNKNOWN_SECONDS = 60;

class LongestFirst extends Sequencer {
  sort(tests) {
    const weight = (t) => durations[path.relative(root, t.path)] ?? UNKNOWN_SECONDS;
    return [...super.sort(tests)].sort((a, b) => weight(b) - weight(a));
  }
}

module.exports = LongestFirst;
