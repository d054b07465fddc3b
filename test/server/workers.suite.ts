// Workers, on every backend the environment offers (the backends and the two scenarios run side
// by side: each has its own database and Redis prefix).
// - A worker killed in the middle of a batch (SIGKILL right after storing an analysis, before
//   marking the job done: the worst moment) leaves its job to another worker, and every bill is
//   analysed exactly once.
// - SIGTERM stops a worker process cleanly in the middle of a batch: the job it is running
//   finishes, it takes no new one, it exits 0, and another worker does the rest.
// Only the worker that must die or get the signal is a separate process (`medbillguard worker`);
// the one that takes over runs in the test process with a runtime of its own. The SIGTERM test
// runs on the last backend offered (PostgreSQL + Redis in CI, where the queue is BullMQ; the
// embedded database's queue otherwise): a process costs seconds of CPU on this 2-core machine.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { backends, exited, getJson, postForm, spawnCommand, startInProcessWorker, startTestServer, textBill, waitFor } from './helpers.ts';

/** Registers the worker suites (every backend, side by side). */
export function workerSuites(): void {
  describe('workers', { concurrency: true }, () => {
    const all = backends();
    for (const backend of all) {
      describe(`workers on ${backend.name}`, { concurrency: true }, () => {
        test('a worker killed mid-batch: its job is retried by another worker and every bill is analysed exactly once', { timeout: 240_000 }, async () => {
          const prepared = await backend.prepare();
          const env = { ...prepared.env, JOB_LEASE_MS: '1500', JOB_BACKOFF_MS: '50', WORKER_CONCURRENCY: '2', RUN_WORKER: 'false' };
          // The web process takes uploads only; the workers run the jobs.
          let web: Awaited<ReturnType<typeof startTestServer>> | undefined;
          let a: ReturnType<typeof spawnCommand> | undefined;
          let b: Awaited<ReturnType<typeof startInProcessWorker>> | undefined;
          try {
            const live = web = await startTestServer(env, { consumer: false });
            const bills = Array.from({ length: 8 }, (_, i) => ({ name: `bill-${i + 1}.txt`, content: textBill(1000 + i) }));
            bills.push({ name: 'bill-dup.txt', content: textBill(1000) }); // the same bill twice in one batch is one analysis
            const queued = await postForm(`${live.url}/v1/batches`, bills);
            assert.equal(queued.status, 202);

            // Worker A dies (SIGKILL, no clean-up) right after storing its 2nd analysis.
            a = spawnCommand('worker', { ...env, MBG_FAULT: 'crash-after-store:2' });
            const killed = await exited(a);
            assert.equal(killed.signal, 'SIGKILL', a.output());
            const db = live.server.runtime.db.kysely;
            const orphaned = await db.selectFrom('mbg_batch_items').select(['id', 'status', 'attempts']).where('status', '=', 'running').execute();
            assert.ok(orphaned.length >= 1, 'the killed worker left at least one job running');

            // Worker B finishes the batch, taking over the dead worker's jobs once their lease expires.
            b = await startInProcessWorker(env);
            const status = await waitFor('the batch to finish', async () => {
              const r = await getJson(`${live.url}/v1/batches/${queued.json.id}`);
              return r.json.status === 'done' ? r.json : null;
            }, 90_000, 100);
            assert.equal(status.done, 9, JSON.stringify(status));
            assert.equal(status.failed, 0);

            const analyses = await db.selectFrom('mbg_analyses').select(['id', 'doc_id']).execute();
            assert.equal(analyses.length, 8, 'one analysis per distinct bill, none twice');
            assert.equal(new Set(analyses.map((r) => r.doc_id)).size, 8);
            const items = await db.selectFrom('mbg_batch_items').select(['id', 'analysis_id', 'attempts', 'file_name']).execute();
            const ids = new Set(analyses.map((r) => r.id));
            assert.ok(items.every((i) => i.analysis_id && ids.has(i.analysis_id)));
            const dup = items.filter((i) => i.file_name === 'bill-1.txt' || i.file_name === 'bill-dup.txt');
            assert.equal(dup[0]!.analysis_id, dup[1]!.analysis_id);
            for (const o of orphaned) {
              const after = items.find((i) => i.id === o.id)!;
              assert.ok(Number(after.attempts) >= 2, 'the orphaned job ran again');
            }
          } finally {
            if (a && a.exitCode === null && a.signalCode === null) a.kill('SIGKILL');
            await b?.stop();
            await web?.close();
            await prepared.cleanup();
          }
        });

        if (backend === all.at(-1)) test('SIGTERM mid-batch: the worker finishes the job it runs, takes no other, exits 0; another worker does the rest, each bill once', { timeout: 240_000 }, async () => {
          const prepared = await backend.prepare();
          const env = { ...prepared.env, JOB_LEASE_MS: '1500', JOB_BACKOFF_MS: '50', WORKER_CONCURRENCY: '1', RUN_WORKER: 'false' };
          let web: Awaited<ReturnType<typeof startTestServer>> | undefined;
          let w: ReturnType<typeof spawnCommand> | undefined;
          let other: Awaited<ReturnType<typeof startInProcessWorker>> | undefined;
          try {
            const live = web = await startTestServer(env, { consumer: false });
            const bills = Array.from({ length: 8 }, (_, i) => ({ name: `bill-${i + 1}.txt`, content: textBill(2000 + i) }));
            const queued = await postForm(`${live.url}/v1/batches`, bills);
            assert.equal(queued.status, 202);
            w = spawnCommand('worker', env);
            const batchUrl = `${live.url}/v1/batches/${queued.json.id}`;
            // Bounded, but generous: a process starting on this 2-core machine beside other suites can take long.
            await waitFor('the worker to finish a first job', async () => {
              if (w!.exitCode !== null || w!.signalCode !== null) throw new Error(`the worker exited before its first job: ${w!.output()}`);
              return (await getJson(batchUrl)).json.done >= 1;
            }, 120_000, 50);
            const signalled = performance.now();
            w.kill('SIGTERM');
            const stopped = await exited(w);
            assert.equal(stopped.code, 0, w.output());
            assert.ok(performance.now() - signalled < 10_000, 'stopped within 10 s');

            // Drained, not abandoned: nothing is left running under the stopped worker's lease.
            const db = live.server.runtime.db.kysely;
            const left = await db.selectFrom('mbg_batch_items').select(['status']).execute();
            assert.equal(left.filter((i) => i.status === 'running').length, 0, JSON.stringify(left));
            const doneByW = left.filter((i) => i.status === 'done').length;
            assert.ok(doneByW >= 1 && doneByW === (await db.selectFrom('mbg_analyses').select('id').execute()).length);

            other = await startInProcessWorker(env);
            const status = await waitFor('the batch to finish', async () => {
              const r = await getJson(batchUrl);
              return r.json.status === 'done' ? r.json : null;
            }, 90_000, 100);
            assert.equal(status.done, 8, JSON.stringify(status));
            const analyses = await db.selectFrom('mbg_analyses').select(['doc_id']).execute();
            assert.equal(analyses.length, 8, 'each bill analysed once');
            const attempts = await db.selectFrom('mbg_batch_items').select(['attempts']).execute();
            assert.ok(attempts.every((i) => Number(i.attempts) === 1), `no job ran twice: ${JSON.stringify(attempts)}`);
          } finally {
            if (w && w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
            await other?.stop();
            await web?.close();
            await prepared.cleanup();
          }
        });
      });
    }
  });
}
