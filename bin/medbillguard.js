#!/usr/bin/env node
// Entry point of the `medbillguard` command. Every file it runs is made by `npm run build`
// (which `npm ci` runs through the `prepare` script):
// - dist/server/main.js for serve, worker and migrate (scripts/bundle-server.mjs);
// - dist/cli.cjs for every other command: the CLI bundled into one file (scripts/bundle-cli.mjs),
//   compiled through a V8 code cache kept beside the reference-index cache (and made once by the
//   build in dist/cache/), so a cold start skips compiling again what an earlier run compiled.
//   MEDBILLGUARD_CACHE=off turns the code cache off;
// - dist/cli/main.js, the same CLI as ES modules, when there is no bundle.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const modules = new URL('../dist/cli/main.js', import.meta.url);
// The service commands go straight to the server's own entry (bundled by scripts/bundle-server.mjs):
// it does not load the analysis twice, and it exits when its command returns, as a cluster
// worker must (its channel to the primary would otherwise keep it alive).
const server = new URL('../dist/server/main.js', import.meta.url);
const SERVER_COMMANDS = new Set(['serve', 'worker', 'migrate']);

/** The code cache's file name in the user's cache folder, and the same name in dist/cache/ (made by `npm run build`). */
function codeCacheFiles(source) {
  if ((process.env.MEDBILLGUARD_CACHE ?? '').toLowerCase() === 'off') return null;
  const user = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const dir = process.env.MEDBILLGUARD_CACHE_DIR ?? join(tmpdir(), `medbillguard-cache-${user}`);
  // V8 checks a cache against the source's length only, so the name carries the source's hash,
  // and V8 rejects a cache made under other flags, so it carries the flags too.
  const key = createHash('sha1').update(source).update(process.version).update(process.arch)
    .update(process.execArgv.join(' ')).update(process.env.NODE_OPTIONS ?? '').digest('hex').slice(0, 16);
  const name = `cli-code-${key}.bin`;
  return { file: join(dir, name), prebuilt: fileURLToPath(new URL(`../dist/cache/${name}`, import.meta.url)) };
}

function runBundle() {
  const source = readFileSync(bundle, 'utf8');
  const files = codeCacheFiles(source);
  const cacheFile = files?.file;
  let cachedData;
  for (const candidate of files ? [files.file, files.prebuilt] : []) {
    try {
      cachedData = readFileSync(candidate);
      break;
    } catch {
      // not there: first run, or the cache was cleared
    }
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname, __mbgImport) {${source}\n})`;
  const script = new vm.Script(wrapped, {
    filename: bundle,
    cachedData,
  });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) {
    // Written when the command ends, so that the functions this run compiled are in it.
    process.once('exit', () => {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cacheFile);
      } catch {
        // a read-only or full disk only costs speed
      }
    });
  }
  const module = { exports: {} };
  const load = (specifier) => import(specifier);
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle), load);
}

if (SERVER_COMMANDS.has(process.argv[2] ?? '') && existsSync(fileURLToPath(server))) {
  await import(server.href);
} else if (existsSync(bundle)) {
  runBundle();
} else if (existsSync(fileURLToPath(modules))) {
  await import(modules.href);
} else {
  process.stderr.write('medbillguard: the compiled CLI is missing (dist/). Run `npm ci` or `npm run build` in the project folder.\n');
  process.exit(3);
}
