#!/usr/bin/env node
// Entry point of the `medbillguard` command. Every file it runs is made by `npm run build`
// (which `npm ci` runs through the `prepare` script), all by scripts/bundle-cli.mjs:
// - dist/server.cjs for serve, worker and migrate, and dist/cli.cjs for every other command, each
//   one CommonJS file compiled through a V8 code cache kept beside the reference-index cache (and
//   made once by the build in dist/cache/), so a cold start skips compiling again what an earlier
//   run compiled. MEDBILLGUARD_CACHE=off turns the code cache off;
// - dist/server/main.js and dist/cli/main.js, the same commands as ES modules, without bundles.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
const modules = new URL('../dist/cli/main.js', import.meta.url);
// The service commands go straight to the server's own code: it does not load the CLI too, and
// the process exits when its command returns, as a cluster worker must (its channel to the
// primary would otherwise keep it alive).
const serverBundle = fileURLToPath(new URL('../dist/server.cjs', import.meta.url));
const server = new URL('../dist/server/main.js', import.meta.url);
const SERVER_COMMANDS = new Set(['serve', 'worker', 'migrate']);

/** The code cache's file name in the user's cache folder, and the same name in dist/cache/ (made by `npm run build`). */
function codeCacheFiles(source, prefix) {
  if ((process.env.MEDBILLGUARD_CACHE ?? '').toLowerCase() === 'off') return null;
  const user = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const dir = process.env.MEDBILLGUARD_CACHE_DIR ?? join(tmpdir(), `medbillguard-cache-${user}`);
  // V8 checks a cache against the source's length only, so the name carries the source's hash,
  // and V8 rejects a cache made under other flags, so it carries the flags too.
  const key = createHash('sha1').update(source).update(process.version).update(process.arch)
    .update(process.execArgv.join(' ')).update(process.env.NODE_OPTIONS ?? '').digest('hex').slice(0, 16);
  const name = `${prefix}-${key}.bin`;
  return { file: join(dir, name), prebuilt: fileURLToPath(new URL(`../dist/cache/${name}`, import.meta.url)) };
}

/** Runs a CommonJS bundle through its code cache and returns its exports. */
function loadBundle(bundle, prefix) {
  const source = readFileSync(bundle, 'utf8');
  const files = codeCacheFiles(source, prefix);
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
        // Caches of other builds, Node versions or flags, unused for a day, are stale.
        const dayAgo = Date.now() - 24 * 3600 * 1000;
        for (const other of readdirSync(dirname(cacheFile))) {
          const path = join(dirname(cacheFile), other);
          if (other.startsWith(`${prefix}-`) && path !== cacheFile && statSync(path).atimeMs < dayAgo) rmSync(path, { force: true });
        }
      } catch {
        // a read-only or full disk only costs speed
      }
    });
  }
  const module = { exports: {} };
  const load = (specifier) => import(specifier);
  script.runInThisContext().call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle), load);
  return module.exports;
}

async function runServerCommand(commands) {
  const [command, ...rest] = process.argv.slice(2);
  const run = { serve: commands.serveCommand, worker: commands.workerCommand, migrate: commands.migrateCommand }[command];
  try {
    process.exit(await run(rest));
  } catch (error) {
    // The commands report bad settings and usage themselves; anything else is a fault of ours.
    process.stderr.write(`medbillguard: internal error: ${error instanceof Error ? error.message : String(error)}\n(set MEDBILLGUARD_DEBUG=1 for details; please report it)\n`);
    if (process.env.MEDBILLGUARD_DEBUG) process.stderr.write(`${error?.stack}\n`);
    process.exit(1);
  }
}

if (SERVER_COMMANDS.has(process.argv[2] ?? '') && existsSync(serverBundle)) {
  await runServerCommand(loadBundle(serverBundle, 'server-code'));
} else if (SERVER_COMMANDS.has(process.argv[2] ?? '') && existsSync(fileURLToPath(server))) {
  await import(server.href);
} else if (existsSync(bundle)) {
  loadBundle(bundle, 'cli-code');
} else if (existsSync(fileURLToPath(modules))) {
  await import(modules.href);
} else {
  process.stderr.write('medbillguard: the compiled CLI is missing (dist/). Run `npm ci` or `npm run build` in the project folder.\n');
  process.exit(3);
}
