/**
 * The fault-injection suite (`npm run test:faults`): real worker, API, Temporal and PostgreSQL
 * processes killed and restarted, property-based payloads and the authorization matrix. Kept out
 * of the main `npm test` (whose testMatch is *.spec.ts / *.test.ts) because it takes minutes.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/faults/**/*.faults.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The path aliases of tsconfig.json (the build rewrites them; Jest maps them here).
  moduleNameMapper: {
    '^@workflows$': '<rootDir>/workflows',
    '^@workflows/(.*)$': '<rootDir>/workflows/$1',
    '^@activities$': '<rootDir>/activities',
    '^@activities/(.*)$': '<rootDir>/activities/$1',
    '^@generated/(.*)$': '<rootDir>/generated/$1',
    '^@db/(.*)$': '<rootDir>/prisma/$1',
    '^@test/(.*)$': '<rootDir>/test/$1',
    '^@observability/(.*)$': '<rootDir>/apps/observability/$1',
  },
  // The longest files first (test/durations.json), so none starts last and runs alone at the end.
  testSequencer: '<rootDir>/test/sequencer.cjs',
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
  testTimeout: 300000,
  // Three files at a time: the kill and outage tests spend much of their time waiting for timeouts
  // and restarts, which the payload test's requests use (it starts first, the longest). Each file
  // has its own task queue (and the payload test its own database), so they do not see each
  // other's work.
  maxWorkers: 3,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tools/'],
};
