// Runs `prisma generate` offline. Prisma only checks that PRISMA_SCHEMA_ENGINE_BINARY names an
// existing file; generation itself is WebAssembly, so no engine binary is ever downloaded.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'packages/db/package.json'));
const prismaCli = require.resolve('prisma/build/index.js');

const result = spawnSync(process.execPath, [prismaCli, 'generate', '--config', 'prisma.config.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
if (result.status !== 0) {
  process.exit(result.status ?? 1);
}

// The generated client imports the query compiler as a JavaScript module holding the WebAssembly
// in base64 (4.6 MB). Once imported, the module cache keeps both its source text and the string
// for the life of the process: about 9 MB of heap in every API process. Read the file and decode it
// instead; nothing keeps the text once the WebAssembly module is compiled.
const classFile = path.join(root, 'packages/db/src/generated/prisma/internal/class.ts');
const generated = readFileSync(classFile, 'utf8');
const imported =
  /const \{ wasm \} = await import\(("@prisma\/client\/runtime\/[^"]+\.wasm-base64\.js")\)\n(\s*)return await decodeBase64AsWasm\(wasm\)/;
const match = imported.exec(generated);
if (!match) {
  console.error(
    `${classFile}: the query compiler's import was not found (did Prisma change it?); not patched`,
  );
  process.exit(1);
}
const [, specifier, indent] = match;
writeFileSync(
  classFile,
  generated.replace(
    imported,
    [
      '// Patched by scripts/prisma-generate.mjs: read, not imported, so the module cache keeps no copy.',
      `${indent}const { readFile } = await import('node:fs/promises')`,
      `${indent}const source = await readFile(require.resolve(${specifier}), 'latin1')`,
      `${indent}return await decodeBase64AsWasm(source.slice(source.indexOf('"') + 1, source.lastIndexOf('"')))`,
    ].join('\n'),
  ),
);
