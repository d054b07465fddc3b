// Workers: a worker killed in the middle of a batch (right after storing an analysis, before
// marking the job done) leaves its job to another worker, and every bill is analysed exactly
// once. SIGTERM stops a worker cleanly (exit 0). Runs on every backend the environment offers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backends, exited, getJson, postForm, spawnCommand, startTestServer, textBill, waitFor } from './helpers.ts';

for (const backend of backends()) {
  describe(`workers on ${backend.name}`, () => {
    test('a worker killed mid-batch: its job is retried by another worker and every bill is analysed exactly once', async () => {
      const prepared = await backend.prepare();
      const env = { ...prepared.env, JOB_LEASE_MS: '1500', JOB_BACKOFF_MS: '50', WORKER_CONCURRENCY: '2', RUN_WORKER: 'false' };
      // The web process takes uploads only; separate worker processes run the jobs.
      const web = await startTestServer(env, { consumer: false });
      const workers: Array<ReturnType<typeof spawnCommand>> = [];
      try {
        const bills = Array.from({ length: 12 }, (_, i) => ({ name: `bill-${i + 1}.txt`, content: textBill(1000 + i) }));
        bills.push({ name: 'bill-dup.txt', content: textBill(1000) }); // the same bill twice in one batch is one analysis
        const queued = await postForm(`${web.url}/v1/batches`, bills);
        assert.equal(queued.status, 202);

        // Worker A dies (SIGKILL, no clean-up) right after storing its 3rd analysis.
        const a = spawnCommand('worker', { ...env, MBG_FAULT: 'crash-after-store:3' });
        workers.push(a);
        const killed = await exited(a);
        assert.equal(killed.signal, 'SIGKILL', a.output());
        const db = web.server.runtime.db.kysely;
        const orphaned = await db.selectFrom('mbg_batch_items').select(['id', 'status', 'attempts']).where('status', '=', 'running').execute();
        assert.ok(orphaned.length >= 1, 'the killed worker left at least one job running');

        // Worker B finishes the batch, taking over the dead worker's jobs once their lease expires.
        const b = spawnCommand('worker', env);
        workers.push(b);
        const status = await waitFor('the batch to finish', async () => {
          const r = await getJson(`${web.url}/v1/batches/${queued.json.id}`);
          return r.json.status === 'done' ? r.json : null;
        }, 40_000, 200);
        assert.equal(status.done, 13, JSON.stringify(status));
        assert.equal(status.failed, 0);

        const analyses = await db.selectFrom('mbg_analyses').select(['id', 'doc_id']).execute();
        assert.equal(analyses.length, 12, 'one analysis per distinct bill, none twice');
        assert.equal(new Set(analyses.map((r) => r.doc_id)).size, 12);
        const items = await db.selectFrom('mbg_batch_items').select(['id', 'analysis_id', 'attempts', 'file_name']).execute();
        const ids = new Set(analyses.map((r) => r.id));
        assert.ok(items.every((i) => i.analysis_id && ids.has(i.analysis_id)));
        const dup = items.filter((i) => i.file_name === 'bill-1.txt' || i.file_name === 'bill-dup.txt');
        assert.equal(dup[0]!.analysis_id, dup[1]!.analysis_id);
        for (const o of orphaned) {
          const after = items.find((i) => i.id === o.id)!;
          assert.ok(Number(after.attempts) >= 2, 'the orphaned job ran again');
        }

        b.kill('SIGTERM');
        const stopped = await exited(b);
        assert.equal(stopped.code, 0, b.output());
      } finally {
        for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
        await web.close();
        await prepared.cleanup();
      }
    });
  });
}
