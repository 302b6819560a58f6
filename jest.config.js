// One jest run covers every workspace: `npm test` at the root. The database-backed
// suites share one PostgreSQL (DATABASE_URL or an embedded server started in
// globalSetup) and each test file gets its own copy of a migrated template database.
const { transformEsmOnly } = require('./jest.esm-deps');

const swc = (extra = {}) => [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    ...extra,
  },
];

const base = {
  transform: { '^.+\\.(t|j)sx?$': swc() },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/packages/db/test/global-setup.ts',
  globalTeardown: '<rootDir>/packages/db/test/global-teardown.ts',
  projects: [
    {
      ...base,
      displayName: 'shared',
      rootDir: '<rootDir>/packages/shared',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'scripts',
      rootDir: '<rootDir>/scripts',
      testMatch: ['<rootDir>/**/*.spec.ts'],
      // The restore drill (lib/backup.spec.ts) migrates and boots the API: the same ES-module-only deps as there.
      transformIgnorePatterns: transformEsmOnly('content-disposition'),
    },
    {
      ...base,
      displayName: 'db',
      rootDir: '<rootDir>/packages/db',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      // The WebAssembly schema engine's glue is an ES module; let swc turn it into CommonJS.
      transformIgnorePatterns: transformEsmOnly(),
    },
    {
      ...base,
      displayName: 'api',
      rootDir: '<rootDir>/apps/api',
      testMatch: [
        '<rootDir>/src/**/*.spec.ts',
        '<rootDir>/test/**/*.e2e-spec.ts',
        '<rootDir>/test/**/*.medium-spec.ts',
      ],
      setupFilesAfterEnv: ['<rootDir>/test/setup-database.ts'],
      // The API files' timeout (30 s) is set in setup-database.ts: jest ignores a project's testTimeout.
      // ES-module-only dependencies (Node 20 requires them natively; jest's module system cannot).
      transformIgnorePatterns: transformEsmOnly('content-disposition'),
    },
    {
      ...base,
      displayName: 'web',
      rootDir: '<rootDir>/apps/web',
      // server.mjs's helpers (modules/security/*.mjs) are plain ES modules so `node` runs them unbuilt.
      transform: { '^.+\\.(mjs|[tj]sx?)$': swc() },
      testEnvironment: 'jsdom',
      // The `@/*` alias of apps/web/tsconfig.json.
      moduleNameMapper: { '^@/(.*)$': '<rootDir>/$1' },
      setupFilesAfterEnv: ['<rootDir>/test/setup-tests.ts'],
      testMatch: ['<rootDir>/**/*.test.tsx', '<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/.next/', '/e2e/'],
    },
  ],
};
