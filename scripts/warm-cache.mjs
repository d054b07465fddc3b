// Last step of `npm run build`: fills dist/cache/ with what a first run would otherwise compute —
// the derived reference indexes (src/reference/load-cache.ts) and the V8 code cache of the CLI
// bundle (bin/medbillguard.js) — by analysing the example bill once with the cache pointed there.
// Both read dist/cache/ when the user's own cache folder has no entry yet, so the first
// `medbillguard analyze` after `npm ci`, and the first `serve` of a new container, start warm.
// Keys name the data files, the code and the Node version: a stale entry is never read.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = resolve(root, 'dist/cache');
rmSync(cacheDir, { recursive: true, force: true });
mkdirSync(cacheDir, { recursive: true });
const env = { ...process.env, MEDBILLGUARD_CACHE_DIR: cacheDir };
delete env.MEDBILLGUARD_CACHE;
delete env.NODE_OPTIONS; // the code cache is keyed by Node's flags: make it for a plain `node`
const run = spawnSync(process.execPath, [resolve(root, 'bin/medbillguard.js'), 'analyze', resolve(root, 'examples/hospital-bill.txt'), '--format', 'json'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
if (run.status !== 0) {
  // Only speed is lost: say so, do not fail the install.
  process.stderr.write(`warm-cache: the example analysis failed (${run.stderr.toString().trim().split('\n')[0] ?? run.status}); dist/cache/ stays empty\n`);
}
