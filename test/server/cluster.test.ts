// `serve` with several web workers (node:cluster), through real HTTP: one row per bill when the
// workers analyse the same bill at once, rate limits and metrics counted for the whole service,
// a deleted analysis gone from every worker's cache, readiness and a clean SIGTERM. The server is
// the CLI's own `serve --workers 2` (src/cli/main.ts under tsx; the workers are forked from it).
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { b64, backends, exited, exitWhenDone, getJson, postJson, spawnCommand, textBill, waitFor } from './helpers.ts';

const WORKERS = 2;
/** Fresh connections per burst: round-robin hands them to every worker. */
const BURST = 8;
/** Starting two workers under tsx on this busy 2-core machine can take a while. */
const START_TIMEOUT_MS = 90_000;
/** What SIGTERM may take: the issue allows 10 s. */
const STOP_LIMIT_MS = 10_000;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A request on a connection of its own, so that the cluster may give it to any worker. */
const fresh = { connection: 'close' };

async function startCluster(env: Record<string, string>) {
  const port = await freePort();
  const child = spawnCommand('serve', { ...env, LOG_LEVEL: 'info', PORT: String(port), WEB_CONCURRENCY: String(WORKERS) });
  const url = `http://127.0.0.1:${port}`;
  // Ready, and every worker listening (the primary starts the others once the first listens).
  await waitFor('the cluster to be ready', async () => {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${child.output()}`);
    const listening = child.output().split('\n').filter((l) => l.includes('"msg":"medbillguard serving"')).length;
    if (listening < WORKERS) return false;
    const r = await fetch(`${url}/health/readiness`, { headers: fresh }).catch(() => null);
    return r?.status === 200;
  }, START_TIMEOUT_MS, 200);
  /** pids of the workers that logged an answer to `path`. */
  const answeredBy = (path: string) => new Set(child.output().split('\n')
    .filter((l) => l.includes('"msg":"request completed"') && l.includes(`"url":"${path}"`))
    .map((l) => (JSON.parse(l) as { pid: number }).pid));
  return { child, url, answeredBy };
}

describe('serve --workers 2 (node:cluster)', { concurrency: true }, () => {
  for (const backend of backends()) {
    test(`${backend.name}: concurrent posts of one bill through both workers leave one row; SIGTERM stops every process`, { timeout: START_TIMEOUT_MS + 60_000 }, async () => {
      const prepared = await backend.prepare();
      const { child, url, answeredBy } = await startCluster(prepared.env);
      try {
        const body = { file_content: b64(textBill(4242)), file_name: 'bill.txt' };
        const answers = await Promise.all(Array.from({ length: BURST }, () => postJson(`${url}/v1/analyses`, body, fresh)));
        assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(BURST - 1).fill(200), 201], JSON.stringify(answers.map((a) => a.json?.error ?? a.status)));
        assert.equal(new Set(answers.map((a) => a.json.id)).size, 1, 'every answer is the one stored analysis');
        // A worker logs its answer just after sending it: give the lines a moment to arrive.
        await waitFor('both workers to have answered', async () => answeredBy('/v1/analyses').size === WORKERS, 5000);
        const list = await getJson(`${url}/v1/analyses?limit=50`);
        assert.equal(list.json.items.length, 1);

        const pids = answeredBy('/v1/analyses');
        const started = Date.now();
        child.kill('SIGTERM');
        const { code } = await exited(child);
        assert.equal(code, 0, child.output().slice(-2000));
        assert.ok(Date.now() - started < STOP_LIMIT_MS, `stopped in ${Date.now() - started} ms`);
        for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} is gone`);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await prepared.cleanup();
      }
    });
  }

  test('sqlite: rate limits and metrics count for the whole service; a deletion empties every worker\'s cache', { timeout: START_TIMEOUT_MS + 60_000 }, async () => {
    const prepared = await backends()[0]!.prepare();
    const LIMIT = 6; // the five POSTs and the DELETE below
    const { child, url, answeredBy } = await startCluster({ ...prepared.env, RATE_LIMIT_PER_MINUTE: String(LIMIT) });
    try {
      // Cache: the bill cached by both workers (the first answer stores it, the others find it).
      const body = { file_content: b64(textBill(777)), file_name: 'bill.txt' };
      const first = await postJson(`${url}/v1/analyses`, body, fresh);
      assert.equal(first.status, 201);
      for (let i = 0; i < 3; i++) assert.equal((await postJson(`${url}/v1/analyses`, body, fresh)).status, 200);
      await waitFor('both workers to have answered', async () => answeredBy('/v1/analyses').size === WORKERS, 5000);
      const del = await fetch(`${url}/v1/analyses/${first.json.id}`, { method: 'DELETE', headers: fresh });
      assert.equal(del.status, 204);
      // Whichever worker gets it, the bill is analysed again (not answered from a stale cache).
      const again = await postJson(`${url}/v1/analyses`, body, fresh);
      assert.equal(again.status, 201, JSON.stringify(again.json?.error ?? {}));
      assert.notEqual(again.json.id, first.json.id);

      // Rate limit: LIMIT requests in all, whichever worker served them; these are over it.
      const statuses = await Promise.all(Array.from({ length: BURST }, () => fetch(`${url}/v1/analyses?limit=1`, { headers: fresh }).then((r) => r.status)));
      assert.ok(statuses.every((s) => s === 429), `over the limit already: ${statuses.join(',')}`);

      // Metrics: the POSTs and GETs above, summed over both workers (health and metrics are not limited).
      const metrics = await (await fetch(`${url}/metrics`, { headers: fresh })).text();
      const count = (route: string, method: string, status: number) => Number(new RegExp(`^http_requests_total\\{method="${method}",route="${route.replace(/[/]/g, '\\/')}",status_code="${status}"\\}\\s+(\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
      assert.equal(count('/v1/analyses', 'POST', 201) + count('/v1/analyses', 'POST', 200), 5, metrics.slice(0, 3000));
      assert.equal(count('/v1/analyses', 'GET', 429), BURST);
      assert.equal(Number(/^medical_analysis_total\{[^}]*\}\s+(\d+)$/m.exec(metrics)?.[1]), 2, 'two analyses ran');
    } finally {
      child.kill('SIGTERM');
      await exited(child);
      await prepared.cleanup();
    }
  });
});

exitWhenDone();
