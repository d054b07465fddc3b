// HTTP load benchmark (npm run bench:http): analyses per second and latency percentiles for a
// 30-line text bill at 1, 10 and 50 concurrent clients, on the embedded SQLite default and (when
// BENCH_DATABASE_URL/BENCH_REDIS_URL or TEST_DATABASE_URL/TEST_REDIS_URL are set) on PostgreSQL
// + Redis, beside a bare Fastify route measured in the same run. Prints JSON.
//
// The server is the built command as deployed (`node bin/medbillguard.js serve`, as the Procfile
// and the Dockerfile run it; run `npm run build` first) with the production defaults:
// WEB_CONCURRENCY=auto as the deploy files set it (one web process per CPU, at most 4; set
// WEB_CONCURRENCY to measure another number), LOG_LEVEL info (the JSON
// lines go to /dev/null). Only the rate limit is off, since every request comes from one client
// (RATE_LIMIT_PER_MINUTE=0), and batch jobs stay out of the server (RUN_WORKER=false). The load
// generator (autocannon, in this process) runs on the same machine and shares its CPUs with the
// server: the JSON says so and records the load average before and after.
//
// Two workloads per configuration: `uncached` changes the bill's bytes on every request (a new
// doc_id: a full analysis and an INSERT each time) and `cached` repeats one bill (the same
// doc_id: answered from the cache). Only the uncached figure measures analysis throughput.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freshPostgres, textBill } from '../test/server/helpers.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SERVER_ENTRY = 'bin/medbillguard.js';
/** Fresh connections (so the cluster hands them to every web worker) warming up each server before it is measured. */
const WARM_UP_REQUESTS = 16;
if (!existsSync('dist/server.cjs')) {
  console.error('dist/server.cjs is missing: run `npm run build` first (the benchmark measures the built server)');
  process.exit(2);
}
const loadBefore = loadavg().map((x) => Math.round(x * 100) / 100);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10,50').split(',').map(Number);

function startProcess(args: string[], env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    const until = Date.now() + 60_000;
    const poll = async () => {
      if (child.exitCode !== null) return reject(new Error(`${args.join(' ')} exited with ${child.exitCode}`));
      try {
        const r = await fetch(`http://127.0.0.1:${port}/health/readiness`);
        if (r.ok) return resolve(child);
      } catch { /* not listening yet */ }
      if (Date.now() > until) return reject(new Error('server did not become ready'));
      setTimeout(poll, 100);
    };
    poll();
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

const BARE_SERVER = `
import Fastify from 'fastify';
const app = Fastify({ bodyLimit: 30 * 1024 * 1024 });
app.get('/health/readiness', async () => ({ status: 'ready' }));
app.post('/v1/analyses', async (req, reply) => reply.code(201).send({ ok: true, bytes: req.body.file_content.length }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
`;

interface Row {
  target: string;
  workload: 'uncached' | 'cached' | 'bare';
  connections: number;
  requests_per_sec: number;
  latency_ms: { p50: number; p90: number; p99: number; max: number };
  status: Record<string, number>;
  errors: number;
}

async function load(url: string, connections: number, varyBytes: boolean, target: string, workload: Row['workload']): Promise<Row> {
  let counter = Math.floor(Math.random() * 1e9);
  const fixed = JSON.stringify({ file_content: Buffer.from(textBill(7)).toString('base64'), file_name: 'bench.txt' });
  const status: Record<string, number> = {};
  const result = await autocannon({
    url: `${url}/v1/analyses`,
    connections,
    duration: SECONDS,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{
      setupRequest: (req) => ({ ...req, body: varyBytes ? JSON.stringify({ file_content: Buffer.from(textBill(counter++)).toString('base64'), file_name: 'bench.txt' }) : fixed }),
      onResponse: (code: number) => { status[code] = (status[code] ?? 0) + 1; },
    }],
  });
  return {
    target, workload, connections,
    requests_per_sec: Math.round(result.requests.average * 10) / 10,
    latency_ms: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    status,
    errors: result.errors + result.timeouts,
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

const rows: Row[] = [];
const skipped: string[] = [];

// Bare Fastify: the ceiling of this machine for a JSON POST of the same size.
{
  const port = await freePort();
  const bare = await startProcess(['--input-type=module', '-e', BARE_SERVER], {}, port);
  for (const c of CONNECTIONS) rows.push(await load(`http://127.0.0.1:${port}`, c, true, 'bare-fastify', 'bare'));
  await stop(bare);
}

const configs: Array<{ name: string; env: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> }> = [{
  name: 'sqlite',
  env: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mbg-bench-'));
    return { env: { DATA_DIR: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
}];
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL;
if (pgUrl && redisUrl) {
  configs.push({
    name: 'postgres+redis',
    env: async () => {
      const db = await freshPostgres(pgUrl);
      return { env: { DATABASE_URL: db.url, REDIS_URL: redisUrl, REDIS_PREFIX: `bench${Date.now()}`, AUTO_MIGRATE: 'true' }, cleanup: () => db.drop() };
    },
  });
} else {
  skipped.push('postgres+redis: set BENCH_DATABASE_URL and BENCH_REDIS_URL (or TEST_*)');
}

for (const config of configs) {
  const prepared = await config.env();
  const port = await freePort();
  const server = await startProcess([SERVER_ENTRY, 'serve'], { WEB_CONCURRENCY: 'auto', ...prepared.env, RATE_LIMIT_PER_MINUTE: '0', RUN_WORKER: 'false' }, port);
  try {
    // A few analyses first, each on a new connection so that every web worker gets some, so that
    // loading the reference data is not measured.
    for (let i = 0; i < WARM_UP_REQUESTS; i++) {
      await fetch(`http://127.0.0.1:${port}/v1/analyses`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ file_content: Buffer.from(textBill(7)).toString('base64') }) });
    }
    for (const c of CONNECTIONS) {
      rows.push(await load(`http://127.0.0.1:${port}`, c, true, config.name, 'uncached'));
      rows.push(await load(`http://127.0.0.1:${port}`, c, false, config.name, 'cached'));
    }
  } finally {
    await stop(server);
    await prepared.cleanup();
  }
}

const bareAt = (c: number) => rows.find((r) => r.workload === 'bare' && r.connections === c)?.requests_per_sec ?? null;
console.log(JSON.stringify({
  benchmark: 'POST /v1/analyses, 30-line text bill (base64 JSON)',
  seconds_per_run: SECONDS,
  server: {
    command: `node ${SERVER_ENTRY} serve`,
    web_processes: `WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY ?? 'auto'}${process.env.WEB_CONCURRENCY ? '' : ' (as deployed: one per CPU, at most 4)'}`,
    settings: 'defaults (LOG_LEVEL info, logs to /dev/null) except RATE_LIMIT_PER_MINUTE=0 (one client) and RUN_WORKER=false',
    bare_fastify: 'one process, one route answering a small JSON body; the ceiling of one Node process here',
  },
  load_generator: 'autocannon in the benchmark process, on the same machine: it shares the CPUs with the server',
  load_average: { before: loadBefore, after: loadavg().map((x) => Math.round(x * 100) / 100) },
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  results: rows.map((r) => ({ ...r, share_of_bare: r.workload === 'bare' ? 1 : Math.round((r.requests_per_sec / (bareAt(r.connections) ?? NaN)) * 1000) / 1000 })),
  skipped,
}, null, 2));
