// The HTTP API of API.md through real HTTP, against every backend the environment offers
// (embedded SQLite always; PostgreSQL + Redis with workers when TEST_DATABASE_URL/TEST_REDIS_URL are set).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { AnalysisList, BatchStatus, Health, StoredAnalysis } from '../../src/server/schemas.ts';
import { backends, b64, getJson, postForm, postJson, startTestServer, textBill, waitFor, type TestServer } from './helpers.ts';

for (const backend of backends()) {
  describe(`HTTP API on ${backend.name}`, () => {
    let srv: TestServer;
    let cleanup: () => Promise<void>;
    before(async () => {
      const prepared = await backend.prepare();
      cleanup = prepared.cleanup;
      // With Redis the batch consumer runs as it would in a worker process; without, inside serve.
      srv = await startTestServer({ ...prepared.env, JOB_LEASE_MS: '2000', JOB_BACKOFF_MS: '50' }, { consumer: true });
    });
    after(async () => {
      await srv?.close();
      await cleanup?.();
    });

    test('a new bill is analysed (201), the same bytes again are answered from the store (200), by JSON or multipart alike', async () => {
      const bill = textBill(1);
      const first = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(bill), file_name: 'lifeline-ip-10001.txt' });
      assert.equal(first.status, 201);
      const stored = StoredAnalysis.parse(first.json);
      assert.equal(stored.file_name, 'lifeline-ip-10001.txt');
      assert.equal(stored.line_items.length, 30);
      assert.match(stored.doc_id, /^[0-9a-f]{64}$/);
      const again = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(bill), file_name: 'other-name.txt' });
      assert.equal(again.status, 200);
      assert.equal(again.json.id, stored.id);
      const multipart = await postForm(`${srv.url}/v1/analyses`, [{ name: 'bill.txt', content: bill }]);
      assert.equal(multipart.status, 200);
      assert.equal(multipart.json.id, stored.id);
      const read = await getJson(`${srv.url}/v1/analyses/${stored.id}`);
      assert.equal(read.status, 200);
      assert.deepEqual(read.json, first.json);
    });

    test('the context is part of the default doc_id: the same bytes under another ward are another analysis', async () => {
      const bill = textBill(2);
      const semi = await postForm(`${srv.url}/v1/analyses`, [{ name: 'b.txt', content: bill }]);
      const priv = await postForm(`${srv.url}/v1/analyses`, [{ name: 'b.txt', content: bill }], { ward: 'private', city_tier: '2' });
      assert.equal(semi.status, 201);
      assert.equal(priv.status, 201);
      assert.notEqual(semi.json.doc_id, priv.json.doc_id);
      assert.equal(priv.json.context.ward, 'private');
      assert.equal(priv.json.context.city_tier, 2);
    });

    test('a doc_id reused with different bytes is a 409 conflict; with the same bytes it is the stored analysis', async () => {
      const docId = `claim-${Date.now()}`;
      const a = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(textBill(3)), doc_id: docId });
      assert.equal(a.status, 201);
      assert.equal(a.json.doc_id, docId);
      const conflict = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(textBill(4)), doc_id: docId });
      assert.equal(conflict.status, 409);
      assert.equal(conflict.json.error.code, 'DOC_ID_CONFLICT');
      const same = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(textBill(3)), doc_id: docId });
      assert.equal(same.status, 200);
      assert.equal(same.json.id, a.json.id);
    });

    test('two clients posting the same bill at once leave one row: one 201, the others 200 with its id', async () => {
      const bill = textBill(500);
      const results = await Promise.all(Array.from({ length: 8 }, () => postJson(`${srv.url}/v1/analyses`, { file_content: b64(bill) })));
      const created = results.filter((r) => r.status === 201);
      assert.equal(created.length, 1, `statuses ${results.map((r) => r.status).join(',')}`);
      assert.ok(results.every((r) => r.status === 201 || r.status === 200));
      assert.equal(new Set(results.map((r) => r.json.id)).size, 1);
      const rows = await srv.server.runtime.db.kysely.selectFrom('mbg_analyses').select('id').where('doc_id', '=', created[0]!.json.doc_id).execute();
      assert.equal(rows.length, 1);
    });

    test('the list is newest first and pages with a cursor; delete removes the analysis (204, then 404)', async () => {
      const ids: string[] = [];
      for (const v of [601, 602, 603]) ids.push((await postJson(`${srv.url}/v1/analyses`, { file_content: b64(textBill(v)) })).json.id);
      const page1 = await getJson(`${srv.url}/v1/analyses?limit=2`);
      assert.equal(page1.status, 200);
      const list1 = AnalysisList.parse(page1.json);
      assert.deepEqual(list1.items.map((i) => i.id), [ids[2], ids[1]]);
      assert.ok(list1.next_cursor);
      const list2 = AnalysisList.parse((await getJson(`${srv.url}/v1/analyses?limit=2&cursor=${list1.next_cursor}`)).json);
      assert.equal(list2.items[0]!.id, ids[0]);
      assert.equal(list2.items[0]!.verdict, 'critical');
      assert.ok(list2.items[0]!.red_flag_count > 0);

      const del = await fetch(`${srv.url}/v1/analyses/${ids[0]}`, { method: 'DELETE' });
      assert.equal(del.status, 204);
      assert.equal((await getJson(`${srv.url}/v1/analyses/${ids[0]}`)).status, 404);
      const again = await fetch(`${srv.url}/v1/analyses/${ids[0]}`, { method: 'DELETE' });
      assert.equal(again.status, 404);
      // Deleted means gone from the cache too: the same bill is analysed anew.
      assert.equal((await postJson(`${srv.url}/v1/analyses`, { file_content: b64(textBill(601)) })).status, 201);
    });

    test("the seed's POST /analyze, GET /bills and GET /bills/{id} keep working", async () => {
      const res = await postJson(`${srv.url}/analyze`, { file_content: b64(textBill(7)), doc_id: 'seed-7', user_id: 'u-1', language: 'english', state_code: 'ka', insurance_type: 'cghs', file_format: 'txt' });
      assert.equal(res.status, 200);
      assert.equal(res.json.doc_id, 'seed-7');
      assert.equal(res.json.context.state, 'KA');
      const bills = await getJson(`${srv.url}/bills?limit=100`);
      assert.ok(bills.json.items.some((i: { doc_id: string }) => i.doc_id === 'seed-7'));
      const byDocId = await getJson(`${srv.url}/bills/seed-7`);
      assert.equal(byDocId.status, 200);
      assert.equal(byDocId.json.id, res.json.id);
      const bad = await postJson(`${srv.url}/analyze`, { file_content: b64(textBill(8)), insurance_type: 'lottery' });
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.code, 'INVALID_FIELD');
    });

    test('a batch is queued (202), every bill becomes an analysis, an unreadable one fails alone, and the CSV has a row per bill and red flag', async () => {
      const files = [
        { name: 'bill-a.txt', content: textBill(21) },
        { name: 'bill-b.txt', content: textBill(22) },
        { name: 'scan.docx', content: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]) },
        { name: 'bill-c.txt', content: textBill(23) },
      ];
      const queued = await postForm(`${srv.url}/v1/batches`, files, { ward: 'semi-private' });
      assert.equal(queued.status, 202);
      assert.deepEqual({ status: queued.json.status, total: queued.json.total }, { status: 'queued', total: 4 });
      const done = await waitFor('the batch to finish', async () => {
        const r = await getJson(`${srv.url}/v1/batches/${queued.json.id}`);
        return r.json.status === 'done' ? r.json : null;
      });
      const status = BatchStatus.parse(done);
      assert.equal(status.done, 3);
      assert.equal(status.failed, 1);
      const failed = status.items.find((i) => i.file_name === 'scan.docx')!;
      assert.equal(failed.status, 'failed');
      assert.match(failed.error ?? '', /unsupported file type/);
      for (const item of status.items.filter((i) => i.status === 'done')) {
        assert.ok(item.analysis_id);
        assert.equal(item.verdict, 'critical');
        assert.equal((await getJson(`${srv.url}/v1/analyses/${item.analysis_id}`)).status, 200);
      }
      const csv = await fetch(`${srv.url}/v1/batches/${queued.json.id}/report.csv`);
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      const lines = (await csv.text()).trim().split('\r\n');
      assert.match(lines[0]!, /^position,file_name,status,analysis_id,doc_id/);
      const flagsPerBill = (await getJson(`${srv.url}/v1/analyses/${status.items[0]!.analysis_id}`)).json.red_flags.filter((f: { severity: string }) => f.severity !== 'info').length;
      assert.equal(lines.filter((l) => l.startsWith('1,bill-a.txt,done')).length, flagsPerBill);
      assert.ok(lines.some((l) => l.startsWith('3,scan.docx,failed') && /unsupported file type/.test(l)));
      assert.equal((await getJson(`${srv.url}/v1/batches/00000000-0000-0000-0000-000000000000`)).status, 404);
    });

    test('health, readiness, liveness, metrics with route templates, summary, agents and the OpenAPI document answer truthfully', async () => {
      assert.deepEqual((await getJson(`${srv.url}/health/liveness`)).json, { status: 'alive' });
      const ready = await getJson(`${srv.url}/health/readiness`);
      assert.equal(ready.status, 200, JSON.stringify(ready.json));
      const health = Health.parse((await getJson(`${srv.url}/health`)).json);
      assert.equal(health.status, 'healthy');
      assert.equal(health.components.database.status, 'ok');
      assert.doesNotMatch(JSON.stringify(health), /password|secret/i);

      await getJson(`${srv.url}/v1/analyses/does-not-exist`);
      const metrics = await (await fetch(`${srv.url}/metrics`)).text();
      assert.match(metrics, /http_requests_total\{method="GET",route="\/v1\/analyses\/:id",status_code="404"\} \d+/);
      assert.doesNotMatch(metrics, /does-not-exist/);
      assert.match(metrics, /medical_analysis_total\{verdict="critical",agent_id="hospital_bill"\} \d+/);
      assert.match(metrics, /medical_analysis_duration_seconds_count\{agent_id="hospital_bill"\} \d+/);
      assert.match(metrics, /^active_agents_count 0$/m);
      assert.match(metrics, /medbillguard_queue_depth \d+/);

      const summary = (await getJson(`${srv.url}/metrics/summary`)).json;
      const total = (await srv.server.runtime.db.kysely.selectFrom('mbg_analyses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
      assert.equal(summary.analyses_total, Number(total));
      assert.equal(summary.by_verdict.critical, Number(total));
      assert.ok(summary.latency_ms.p50 > 0 && summary.latency_ms.p95 >= summary.latency_ms.p50);

      const agents = (await getJson(`${srv.url}/agents`)).json;
      assert.equal(agents.agents.find((a: { agent_id: string }) => a.agent_id === 'hospital_bill').analyses_total, Number(total));

      const openapi = (await getJson(`${srv.url}/openapi.json`)).json;
      for (const path of ['/v1/analyses', '/v1/analyses/{id}', '/v1/batches', '/v1/batches/{id}', '/v1/batches/{id}/report.csv', '/v1/reference/search', '/health/readiness', '/analyze', '/bills/{id}']) assert.ok(openapi.paths[path], path);
      assert.ok(openapi.paths['/v1/analyses'].post.requestBody.content['multipart/form-data']);
      assert.ok(openapi.paths['/v1/analyses'].post.requestBody.content['application/json'].schema.properties.file_content);
      const docs = await fetch(`${srv.url}/docs`);
      assert.equal(docs.status, 200);
      const html = await (await fetch(`${srv.url}/docs/static/index.html`)).text();
      assert.doesNotMatch(html, /https?:\/\/(cdn|unpkg)/);
    });

    test('reference datasets and search answer as the CLI does', async () => {
      const ds = await getJson(`${srv.url}/v1/reference/datasets`);
      assert.equal(ds.status, 200);
      assert.ok(ds.json.datasets.length > 0);
      assert.ok(ds.json.datasets.every((d: { file?: string }) => !d.file || !d.file.includes('/')), 'no server paths');
      const search = await getJson(`${srv.url}/v1/reference/search?q=paracetamol&limit=3`);
      assert.equal(search.status, 200);
      assert.ok(search.json.results.length > 0 && search.json.results.length <= 3);
      assert.equal((await getJson(`${srv.url}/v1/reference/search`)).status, 400);
    });
  });
}

test('response schemas describe what the routes return (zod parse of a stored analysis list)', () => {
  assert.throws(() => AnalysisList.parse({ items: [{}], next_cursor: null }), z.ZodError);
});
