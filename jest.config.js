// Two projects: `unit` (pure code, no services) and `e2e` (real PostgreSQL and BullMQ).
// `npm test` runs both; the e2e project's globalSetup provides the database.
const moduleNameMapper = {
  '^@formasi/(planning|database|queue|config|staffing|accounts|core|standards)$': '<rootDir>/libs/$1/src',
  '^@formasi/(planning|database|queue|config|staffing|accounts|core|standards)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: __dirname,
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      moduleNameMapper,
      transform,
      // testTimeout is a global-only option in Jest 29; the setup file sets it for this project
      setupFilesAfterEnv: ['<rootDir>/test/support/jest-e2e.setup.ts'],
      // embedded PostgreSQL when DATABASE_URL is unset; every file then creates its own database
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
