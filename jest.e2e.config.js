// Browser end-to-end tests: `npm run test:browser`. globalSetup brings up a real stack (PostgreSQL,
// the built API, the built web app on free ports) and the tests drive Debian's Chromium through
// playwright-core. Kept apart from jest.config.js so `npm test` needs no browser.
const { transformEsmOnly } = require('./jest.esm-deps');

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  displayName: 'browser',
  testMatch: ['<rootDir>/apps/web/e2e/**/*.e2e.ts'],
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
        module: { type: 'commonjs' },
      },
    ],
  },
  // ES-module-only dependencies of the harness (migrations and the job queue's schema in globalSetup).
  transformIgnorePatterns: transformEsmOnly(),
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  globalSetup: '<rootDir>/apps/web/e2e/harness/global-setup.ts',
  globalTeardown: '<rootDir>/apps/web/e2e/harness/global-teardown.ts',
  testTimeout: 60_000,
  // Each file runs its own Chromium; two at a time suits a 2-core CI machine.
  maxWorkers: 2,
};
