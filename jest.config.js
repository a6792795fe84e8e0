/** Three tiers (STYLE.md): unit beside the code, integration and e2e against the real PostgreSQL and Redis. */
const tsJest = ['ts-jest', {}];
const common = { transform: { '^.+\\.ts$': tsJest }, testEnvironment: 'node', moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
  // Root-level only: jest ignores testTimeout inside a project.
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      setupFiles: ['<rootDir>/test/helpers/test-env.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      setupFiles: ['<rootDir>/test/helpers/test-env.ts'],
    },
  ],
};
