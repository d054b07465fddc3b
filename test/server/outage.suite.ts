// A dependency goes away under a running server: readiness turns 503 with the reason, requests
// that need it are refused cleanly (503 with the error body, no hang, no 500), and everything
// recovers when it comes back. Redis: a redis-server of the test's own on another port.
// PostgreSQL: the shared server behind a TCP proxy the test cuts and restores. The two outages
// are independent (their own servers and databases) and run side by side.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createTcpServer, connect, type Server, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { b64, exited, freshPostgres, getJson, postForm, postJson, sqliteBackend, startTestServer, textBill, waitFor } from './helpers.ts';

const { TEST_DATABASE_URL, TEST_REDIS_URL } = process.env;

async function freePort(): Promise<number> {
  const s = createTcpServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function startRedis(port: number): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
}

/** Resolves once something accepts TCP connections on the port. */
const accepting = (port: number) => waitFor(`port ${port} to accept connections`, async () => {
  try {
    const s = connect(port, '127.0.0.1');
    await new Promise((ok, ko) => { s.once('connect', ok); s.once('error', ko); });
    s.destroy();
    return true;
  } catch {
    return false;
  }
}, 20_000, 50);

async function timed<T>(p: Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await p;
  return { value, ms: performance.now() - t };
}

/** Registers the Redis and PostgreSQL outage suites (side by side). */
export function outageSuites(): void {
  describe('outages', { concurrency: true }, () => {
    describe('dependency outages', { skip: !TEST_REDIS_URL && 'TEST_REDIS_URL not set (redis-server needed)' }, () => {
      test('Redis stops: readiness 503, batches refused with 503, analyses still served; Redis back: ready again and batches run', async () => {
        const port = await freePort();
        let redis = startRedis(port);
        const prepared = await sqliteBackend.prepare();
        let srv: Awaited<ReturnType<typeof startTestServer>> | undefined;
        try {
          await accepting(port);
          const live = srv = await startTestServer({ ...prepared.env, REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_PREFIX: 'outage', JOB_LEASE_MS: '1500' }, { consumer: true });
          // Ready before the outage (each probe allows the database and Redis 1 s, which a machine this busy can exceed once).
          await waitFor('readiness 200 at start', async () => (await getJson(`${live.url}/health/readiness`)).status === 200, 20_000, 100);
          assert.equal((await postJson(`${live.url}/v1/analyses`, { file_content: b64(textBill(801)) })).status, 201);

          redis.kill('SIGTERM');
          await exited(redis);
          const notReady = await waitFor('readiness 503', async () => { const r = await getJson(`${live.url}/health/readiness`); return r.status === 503 ? r : null; });
          assert.match(notReady.json.reasons.join(' '), /redis unreachable/);
          const health = await getJson(`${live.url}/health`);
          assert.equal(health.json.status, 'degraded');
          assert.equal(health.json.components.cache.status, 'down');
          const batch = await timed(postForm(`${live.url}/v1/batches`, [{ name: 'a.txt', content: textBill(802) }]));
          assert.equal(batch.value.status, 503);
          assert.equal(batch.value.json.error.code, 'SERVICE_UNAVAILABLE');
          assert.ok(batch.ms < 3000, `refused in ${batch.ms} ms`);
          const analysis = await timed(postJson(`${live.url}/v1/analyses`, { file_content: b64(textBill(803)) }));
          assert.equal(analysis.value.status, 201, 'the database still works: the cache is skipped');
          assert.ok(analysis.ms < 5000);
          assert.equal((await getJson(`${live.url}/health/liveness`)).status, 200);

          redis = startRedis(port);
          await accepting(port);
          // Recovery: readiness turns 200 once both of the server's Redis connections (the cache's
          // and the job queue's) answer again; they retry at most a second apart. Bounded: a server
          // that never reconnects fails here.
          const back = await timed(waitFor('readiness 200 again', async () => {
            const r = await getJson(`${live.url}/health/readiness`);
            return r.status === 200 ? r : null;
          }, 20_000, 100));
          assert.ok(back.ms < 10_000, `ready again ${Math.round(back.ms)} ms after Redis accepted connections`);
          // Ready means ready: the first batch after recovery is accepted (its jobs are the first
          // BullMQ scripts sent on the new connection) and runs.
          const queued = await postForm(`${live.url}/v1/batches`, [{ name: 'a.txt', content: textBill(804) }]);
          assert.equal(queued.status, 202, JSON.stringify(queued.json));
          const recovered = await getJson(`${live.url}/health`);
          assert.equal(recovered.json.status, 'healthy', JSON.stringify(recovered.json));
          await waitFor('the batch to run', async () => (await getJson(`${live.url}/v1/batches/${queued.json.id}`)).json.status === 'done', 20_000, 100);
        } finally {
          await srv?.close();
          redis.kill('SIGKILL');
          await prepared.cleanup();
        }
      });
    });

    /** A TCP proxy to PostgreSQL that the test can cut (every connection dropped, new ones refused) and restore. */
    async function proxy(target: { host: string; port: number }) {
      const port = await freePort();
      const sockets = new Set<Socket>();
      let server: Server | null = null;
      const start = () => new Promise<void>((resolve) => {
        server = createTcpServer((client) => {
          const upstream = connect(target.port, target.host);
          // Either side gone: the other goes too (a half-open pair would keep PostgreSQL's session and this process alive).
          for (const [s, other] of [[client, upstream], [upstream, client]] as const) {
            sockets.add(s);
            s.on('close', () => { sockets.delete(s); other.destroy(); });
            s.on('error', () => s.destroy());
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, '127.0.0.1', resolve);
      });
      await start();
      return {
        port,
        start,
        async cut() {
          const s = server;
          server = null;
          for (const socket of sockets) socket.destroy();
          if (s) await new Promise((r) => s.close(r));
        },
      };
    }

    describe('PostgreSQL outage', { skip: !TEST_DATABASE_URL && 'TEST_DATABASE_URL not set' }, () => {
      test('PostgreSQL unreachable: readiness 503, data routes 503 with the error body, liveness 200; reachable again: everything recovers', async () => {
        const db = await freshPostgres(TEST_DATABASE_URL!);
        let p: Awaited<ReturnType<typeof proxy>> | undefined;
        let srv: Awaited<ReturnType<typeof startTestServer>> | undefined;
        try {
          const base = new URL(db.url);
          p = await proxy({ host: base.hostname, port: Number(base.port || 5432) });
          const viaProxy = new URL(db.url);
          viaProxy.hostname = '127.0.0.1';
          viaProxy.port = String(p.port);
          const live = srv = await startTestServer({ DATABASE_URL: viaProxy.toString(), AUTO_MIGRATE: 'true', DATA_DIR: '/nonexistent' });
          // Ready before the outage (each probe allows the database and Redis 1 s, which a machine this busy can exceed once).
          await waitFor('readiness 200 at start', async () => (await getJson(`${live.url}/health/readiness`)).status === 200, 20_000, 100);
          assert.equal((await postJson(`${live.url}/v1/analyses`, { file_content: b64(textBill(901)) })).status, 201);

          await p.cut();
          const notReady = await waitFor('readiness 503', async () => { const r = await getJson(`${live.url}/health/readiness`); return r.status === 503 ? r : null; });
          assert.match(notReady.json.reasons.join(' '), /unreachable/);
          assert.doesNotMatch(JSON.stringify(notReady.json), /:[^@/]*@/, 'no credentials in the reason');
          for (const r of [
            await timed(postJson(`${live.url}/v1/analyses`, { file_content: b64(textBill(902)) })),
            await timed(getJson(`${live.url}/v1/analyses`)),
          ]) {
            assert.equal(r.value.status, 503, JSON.stringify(r.value.json));
            assert.equal(r.value.json.error.code, 'SERVICE_UNAVAILABLE');
            assert.ok(r.ms < 5000, `refused in ${r.ms} ms`);
          }
          const health = await getJson(`${live.url}/health`);
          assert.equal(health.status, 503);
          assert.equal(health.json.components.database.status, 'down');
          assert.equal((await getJson(`${live.url}/health/liveness`)).status, 200);

          await p.start();
          await waitFor('readiness 200 again', async () => (await getJson(`${live.url}/health/readiness`)).status === 200, 20_000, 100);
          assert.equal((await postJson(`${live.url}/v1/analyses`, { file_content: b64(textBill(902)) })).status, 201);
        } finally {
          await srv?.close();
          await p?.cut();
          await db.drop();
        }
      });
    });
  });
}
