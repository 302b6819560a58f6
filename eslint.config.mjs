// One flat config for every workspace (each runs `eslint <dirs>` from its own folder).
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const web = path.join(root, 'apps/web');
const sourceExtensions = ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'];

// Import boundaries: apps may import packages, never each other, and packages never import apps.
// The resolved-path zones catch relative imports; no-restricted-imports catches the package names
// (apps have no entry point, so those names do not resolve to a path).
const appsMessage = 'Apps never import each other; share code through packages/*.';
const noOtherApp = (app) => ({
  paths: [{ name: `@madoguchi/${app}`, message: appsMessage }],
  patterns: [{ group: [`@madoguchi/${app}/*`], message: appsMessage }],
});
const frameworkMessage =
  'packages/shared is plain TypeScript that both apps and the browser run: no framework imports.';
const frameworks = {
  paths: [
    'next',
    'next-auth',
    'react',
    'react-dom',
    'fastify',
    'pg',
    'prisma',
    'rxjs',
    'reflect-metadata',
    'pino',
  ].map((name) => ({ name, message: frameworkMessage })),
  patterns: [
    {
      group: [
        '@nestjs/*',
        'nestjs-*',
        'next/*',
        'next-auth/*',
        'react/*',
        'react-dom/*',
        '@fastify/*',
        '@prisma/*',
      ],
      message: frameworkMessage,
    },
    { group: ['@madoguchi/*'], message: 'packages/shared depends on no other workspace.' },
  ],
};
const nodeMessage =
  'packages/shared runs in the browser too: no Node.js built-ins outside tests and tooling.';
const nodeBuiltins = {
  paths: builtinModules.map((name) => ({ name, message: nodeMessage })),
  patterns: [{ group: ['node:*'], message: nodeMessage }],
};
const restrictImports = (...rules) => [
  'error',
  { paths: rules.flatMap((r) => r.paths), patterns: rules.flatMap((r) => r.patterns) },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/generated/**',
      '**/coverage/**',
      '**/next-env.d.ts',
      '**/*.config.{js,mjs,cjs}',
      'scripts/**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
    },
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: sourceExtensions })],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            { target: 'apps/web', from: 'apps/api', message: appsMessage },
            { target: 'apps/api', from: 'apps/web', message: appsMessage },
            { target: 'packages', from: 'apps', message: 'Packages never import apps.' },
          ],
        },
      ],
    },
  },
  { files: ['apps/web/**'], rules: { 'no-restricted-imports': restrictImports(noOtherApp('api')) } },
  { files: ['apps/api/**'], rules: { 'no-restricted-imports': restrictImports(noOtherApp('web')) } },
  {
    files: ['packages/**'],
    rules: { 'no-restricted-imports': restrictImports(noOtherApp('api'), noOtherApp('web')) },
  },
  {
    files: ['packages/shared/**'],
    rules: {
      'no-restricted-imports': restrictImports(
        noOtherApp('api'),
        noOtherApp('web'),
        frameworks,
        nodeBuiltins,
      ),
    },
  },
  {
    // Tests, test fixtures and the offline tooling (corpus evaluation, lexicon digest) read files and hash;
    // none of them is reachable from the package's entry points.
    files: [
      'packages/shared/**/*.spec.ts',
      'packages/shared/src/testing/**',
      'packages/shared/src/triage/corpus/**',
      'packages/shared/src/triage/text/lexicon-terms.ts',
    ],
    rules: { 'no-restricted-imports': restrictImports(noOtherApp('api'), noOtherApp('web'), frameworks) },
  },
  {
    files: ['apps/web/**/*.{ts,tsx,js,mjs}'],
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    settings: {
      next: { rootDir: web },
      // With the web's `@/*` alias (apps/web/tsconfig.json), so aliased imports are checked too.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: sourceExtensions,
          tsconfig: { configFile: path.join(web, 'tsconfig.json') },
        }),
      ],
    },
    // Errors, not warnings: `npm run lint` is the gate, and a warning nobody reads keeps nothing out.
    rules: Object.fromEntries(
      Object.keys({
        ...reactHooks.configs.flat.recommended.rules,
        ...nextPlugin.configs.recommended.rules,
        ...nextPlugin.configs['core-web-vitals'].rules,
      }).map((rule) => [rule, 'error']),
    ),
  },
);
