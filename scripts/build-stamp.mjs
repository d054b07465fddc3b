// Whether dist/ was built from the sources as they are now.
//
//   node scripts/build-stamp.mjs write   records a hash of the build's inputs in dist/ (the last build step)
//   node scripts/build-stamp.mjs check   exits 0 when dist/ holds a complete build of exactly these inputs, else 1
//
// npm runs the `prepare` script after `npm ci`, and again the first time `npx medbillguard` is
// run in a folder: npx links the folder into its own cache and "prepares" it, which would
// rebuild everything (about 7 seconds) before the command starts. `prepare` is
// `check || npm run build`, so that second build is skipped; `npm run build` always builds.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(ROOT, 'dist', '.build-inputs.json');
/** What the build reads: the sources, the build scripts, the data the caches are made from, the dependencies. */
const INPUTS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'scripts', 'src', 'data', 'examples'];
/** What a complete build leaves (the bin runs these). */
const OUTPUTS = ['dist/cli.cjs', 'dist/server.cjs', 'dist/cli/main.js', 'dist/server/commands.js', 'dist/cache'];

function files(path) {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).sort().flatMap((name) => files(join(path, name)));
}

function inputsHash() {
  const hash = createHash('sha256');
  // The build also compiles code caches for this Node.js and this CPU.
  hash.update(`${process.version} ${process.arch}\n`);
  for (const file of INPUTS.flatMap(files)) {
    hash.update(`${relative(ROOT, join(ROOT, file))}\n`);
    hash.update(readFileSync(join(ROOT, file)));
  }
  return hash.digest('hex');
}

const mode = process.argv[2];
if (mode === 'write') {
  writeFileSync(STAMP, `${JSON.stringify({ inputs_sha256: inputsHash(), node: process.version, built_at: new Date().toISOString() }, null, 1)}\n`);
} else if (mode === 'check') {
  let stamp = null;
  try {
    stamp = JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch { /* no build yet */ }
  const complete = OUTPUTS.every((p) => existsSync(join(ROOT, p)));
  if (complete && stamp?.inputs_sha256 === inputsHash()) {
    console.log(`dist/ is already built from these sources (${stamp.built_at}); not rebuilding. \`npm run build\` rebuilds.`);
    process.exit(0);
  }
  process.exit(1);
} else {
  console.error('usage: node scripts/build-stamp.mjs write|check');
  process.exit(2);
}
