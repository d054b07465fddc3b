// Last step of `npm run build`: fills dist/cache/ with what a first run would otherwise compute —
// the derived reference indexes (src/reference/load-cache.ts) and the V8 code caches of the two
// bundles (bin/medbillguard.js) — by analysing the example bill once and starting the service
// once (until it is ready, then SIGTERM) with the cache pointed there.
// Both read dist/cache/ when the user's own cache folder has no entry yet, so the first
// `medbillguard analyze` after `npm ci`, and the first `serve` of a new container, start warm.
// Keys name the data files, the code and the Node version: a stale entry is never read.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
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

// The service: a single process on a free port, an empty database folder, no Redis, no workers.
const port = await new Promise((resolvePort) => {
  const probe = createServer().listen(0, '127.0.0.1', () => { const { port: p } = probe.address(); probe.close(() => resolvePort(p)); });
});
const dataDir = mkdtempSync(resolve(tmpdir(), 'mbg-warm-'));
const serviceEnv = { ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_CONCURRENCY: '1', LOG_LEVEL: 'silent', RUN_WORKER: 'false' };
delete serviceEnv.DATABASE_URL;
delete serviceEnv.REDIS_URL;
const service = spawn(process.execPath, [resolve(root, 'bin/medbillguard.js'), 'serve'], { env: serviceEnv, stdio: ['ignore', 'ignore', 'pipe'] });
let serviceErr = '';
service.stderr.on('data', (d) => { serviceErr += d; });
const exited = new Promise((done) => service.once('exit', done));
const deadline = Date.now() + 60_000;
let ready = false;
while (!ready && Date.now() < deadline && service.exitCode === null) {
  ready = await fetch(`http://127.0.0.1:${port}/health/readiness`).then((r) => r.ok, () => false);
  if (!ready) await new Promise((r) => setTimeout(r, 50));
}
if (service.exitCode === null) service.kill('SIGTERM');
await exited;
rmSync(dataDir, { recursive: true, force: true });
if (!ready) process.stderr.write(`warm-cache: the service did not become ready (${serviceErr.trim().split('\n')[0] ?? 'no message'}); its code cache is not prebuilt\n`);
