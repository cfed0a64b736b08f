/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  // Unit tests sit beside the code; integration tests under test/ use the real servers.
  testMatch: ['<rootDir>/{apps,workflows,activities,prisma}/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
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
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 120000,
  // Three files at a time on two cores: the integration and browser files spend most of their time
  // waiting for Temporal timers, the browser and PostgreSQL (a whole run keeps the cores about a
  // third busy), which the other files' work fills. Each file has its own task queue and its own
  // organizations, rounds and users (test/support/factories.ts), so files never see each other's
  // work in the shared run database; a file that reads a region's queues takes a city of its own.
  maxWorkers: 3,
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.tools/'],
};
