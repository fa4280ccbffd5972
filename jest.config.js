/** Four projects: fast pure unit tests beside the code, integration tests under test/ that
 * talk to the real PostgreSQL and Redis (each test file gets its own database cloned from a
 * migrated template), browser journeys under test/browser, and the fault suite under test/faults,
 * all on the same services. */
const shared = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // content-disposition 3 (used by @fastify/static) ships ES modules only; Node 20 loads them
    // natively, Jest's module runtime does not, so Jest compiles that one package to CommonJS.
    '/node_modules/content-disposition/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^@app/(domain|contract|db|queue|audit|identity|notification|registry|registration|market|files|documents|common|config)$':
      '<rootDir>/libs/$1/src',
    '^@app/(domain|contract|db|queue|audit|identity|notification|registry|registration|market|files|documents|common|config)/(.*)$':
      '<rootDir>/libs/$1/src/$2',
  },
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/libs', '<rootDir>/apps'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
    },
    {
      // Journeys in a real browser: run one file at a time, since each drives Chromium, the API and the worker
      // and their timing is what they observe.
      ...shared,
      displayName: 'browser',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts', '<rootDir>/test/support/browser-retry.ts'],
    },
    {
      // `npm run test:faults`: outages, killed processes, fuzzing and the authorization matrix, on the same
      // real services; slower than the integration tests and run as their own step.
      ...shared,
      displayName: 'faults',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.fault-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-setup.ts'],
    },
  ],
};
