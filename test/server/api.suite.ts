// The HTTP API of API.md through real HTTP, against every backend the environment offers
// (embedded SQLite always; PostgreSQL + Redis with workers when TEST_DATABASE_URL/TEST_REDIS_URL are set).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { loadReferences } from '../../src/reference/load.ts';
import { searchReferences } from '../../src/reference/search.ts';
import { explanationMarkdown } from '../../src/report/explain.ts';
import { letterContent } from '../../src/report/letter.ts';
import { AnalysisList, BatchStatus, Health, StoredAnalysis } from '../../src/server/schemas.ts';
import { backends, b64, getJson, postForm, postJson, startTestServer, textBill, waitFor, zipEntry, type TestServer } from './helpers.ts';

/** Registers the HTTP API suites (every backend, side by side). */
export function apiSuites(): void {
  /** A diagnostic centre's invoice within the CGHS rates: an analysis with nothing to dispute. */
  const CLEAN_INVOICE = [
    'CITY DIAGNOSTIC CENTRE', 'Pune', 'INVOICE', 'Bill No: D/2025/311   Date: 2025-06-02', 'Patient Name: R. Kulkarni', '',
    'S.No  Description                       Qty      Rate     Amount',
    '1     Complete Blood Count (CBC)          1    100.00     100.00',
    '2     Blood Sugar Fasting                 1     30.00      30.00', '',
    'NET PAYABLE AMOUNT: 130.00', '',
  ].join('\n');

  // The backends are independent (each its own database and Redis prefix): they run side by side.
  // Within one backend the tests run in order, since some count what the earlier ones stored.
  describe('HTTP API', { concurrency: true }, () => {
    for (const backend of backends()) {
      describe(`HTTP API on ${backend.name}`, { concurrency: 1 }, () => {
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
          for (const path of ['/v1/analyses', '/v1/analyses/{id}', '/v1/analyses/{id}/report.md', '/v1/analyses/{id}/letter.pdf', '/v1/analyses/{id}/letter.docx', '/v1/batches', '/v1/batches/{id}', '/v1/batches/{id}/report.csv', '/v1/reference/search', '/health/readiness', '/analyze', '/bills/{id}']) assert.ok(openapi.paths[path], path);
          assert.ok(openapi.paths['/v1/analyses'].post.requestBody.content['multipart/form-data']);
          assert.ok(openapi.paths['/v1/analyses'].post.requestBody.content['application/json'].schema.properties.file_content);
          const docs = await fetch(`${srv.url}/docs`);
          assert.equal(docs.status, 200);
          const html = await (await fetch(`${srv.url}/docs/static/index.html`)).text();
          assert.doesNotMatch(html, /https?:\/\/(cdn|unpkg)/);
        });

        test('reference datasets and search answer as `medbillguard data list|search` do (the same functions), without server paths', async () => {
          const refs = loadReferences();
          const ds = await getJson(`${srv.url}/v1/reference/datasets`);
          assert.equal(ds.status, 200);
          assert.deepEqual(ds.json.datasets, refs.list().map((d) => ({ ...d, file: d.file.split('/').pop() })));
          assert.ok(ds.json.datasets.some((d: { kind: string }) => d.kind === 'cghs') && ds.json.datasets.some((d: { kind: string }) => d.kind === 'nppa'));
          assert.ok(ds.json.datasets.every((d: { file: string }) => !d.file.includes('/')), 'no server paths');

          for (const [query, options] of [['paracetamol', { limit: 3 }], ['ultrasound abdomen', { source: 'cghs', limit: 5 }], ['diclofenac 50 mg', { source: 'nppa', limit: 4 }]] as const) {
            const qs = new URLSearchParams({ q: query, limit: String(options.limit), ...('source' in options ? { source: options.source } : {}) });
            const expected = JSON.parse(JSON.stringify(searchReferences(query, refs, options)));
            assert.ok(expected.length > 0, `${query}: the reference data has rows for it`);
            const first = await getJson(`${srv.url}/v1/reference/search?${qs}`);
            assert.equal(first.status, 200);
            assert.deepEqual(first.json, { query, results: expected });
            // Asked again, it comes from the cache (Redis on the postgres+redis backend): the same answer.
            assert.deepEqual((await getJson(`${srv.url}/v1/reference/search?${qs}`)).json, first.json);
          }
          const nppa = (await getJson(`${srv.url}/v1/reference/search?q=paracetamol&source=nppa&limit=5`)).json.results;
          assert.ok(nppa.length > 0 && nppa.every((r: { source: string }) => /^NPPA/i.test(r.source)), JSON.stringify(nppa.map((r: { source: string }) => r.source)));
          assert.deepEqual((await getJson(`${srv.url}/v1/reference/search?q=paracetamol&source=no-such-list`)).json.results, []);
          for (const bad of ['', '?q=', '?q=ecg&limit=0', '?q=ecg&limit=51', '?q=ecg&date=June']) {
            const r = await getJson(`${srv.url}/v1/reference/search${bad}`);
            assert.equal(r.status, 400, bad);
            assert.equal(r.json.error.code, 'INVALID_FIELD');
          }
        });

        test('report.md is the explanation of the stored analysis in English or Hindi; 404 for an unknown id, 400 for another language', async () => {
          const created = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(textBill(40)), file_name: 'lifeline.txt' });
          assert.equal(created.status, 201);
          const stored = StoredAnalysis.parse(created.json);
          const analysis = (await srv.server.runtime.analyses.get(stored.id))!.analysis;
          for (const [query, lang] of [['', 'en'], ['?lang=en', 'en'], ['?lang=hi', 'hi']] as const) {
            const res = await fetch(`${srv.url}/v1/analyses/${stored.id}/report.md${query}`);
            assert.equal(res.status, 200);
            assert.match(res.headers.get('content-type') ?? '', /^text\/markdown; charset=utf-8/);
            assert.equal(await res.text(), explanationMarkdown(analysis, lang));
          }
          const hi = await (await fetch(`${srv.url}/v1/analyses/${stored.id}/report.md?lang=hi`)).text();
          assert.match(hi, /[\u0900-\u097f]/, 'Hindi text');
          const missing = await getJson(`${srv.url}/v1/analyses/00000000-0000-0000-0000-000000000000/report.md`);
          assert.equal(missing.status, 404);
          assert.equal(missing.json.error.code, 'NOT_FOUND');
          const french = await getJson(`${srv.url}/v1/analyses/${stored.id}/report.md?lang=fr`);
          assert.equal(french.status, 400);
          assert.equal(french.json.error.code, 'INVALID_FIELD');
        });

        test('letter.pdf and letter.docx carry the disputed lines for the recipient and the sender; 400 bad to/lang, 404 absent, 422 nothing to dispute', async () => {
          const created = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(textBill(41)), file_name: 'lifeline.txt' });
          const id = created.json.id as string;
          const analysis = (await srv.server.runtime.analyses.get(id))!.analysis;
          const sender = { name: 'Asha Verma', address: '14 MG Road, Bengaluru 560001', phone: '+91 98450 12345' };

          const pdf = await fetch(`${srv.url}/v1/analyses/${id}/letter.pdf?${new URLSearchParams({ to: 'hospital', ...sender })}`);
          assert.equal(pdf.status, 200);
          assert.equal(pdf.headers.get('content-type'), 'application/pdf');
          assert.match(pdf.headers.get('content-disposition') ?? '', /^attachment; filename="letter-hospital-[\w-]+-en\.pdf"$/);
          const pdfBytes = Buffer.from(await pdf.arrayBuffer());
          assert.equal(pdfBytes.subarray(0, 5).toString('latin1'), '%PDF-');
          assert.match(pdfBytes.subarray(-1024).toString('latin1'), /%%EOF\s*$/);

          for (const [to, lang] of [['nppa', 'en'], ['insurer', 'hi']] as const) {
            const docx = await fetch(`${srv.url}/v1/analyses/${id}/letter.docx?${new URLSearchParams({ to, lang, ...sender })}`);
            assert.equal(docx.status, 200, `${to} ${lang}`);
            assert.equal(docx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
            const xml = zipEntry(new Uint8Array(await docx.arrayBuffer()), 'word/document.xml');
            assert.ok(xml, 'a DOCX with its document part');
            const text = xml.replace(/<[^>]+>/g, '');
            const expected = letterContent(analysis, to, lang, sender);
            assert.ok(expected.rows.length > 0);
            assert.ok(text.includes(sender.name) && text.includes(sender.phone), 'the sender signs the letter');
            assert.ok(text.includes(expected.total), `the total asked for, ${expected.total}`);
            for (const row of expected.rows) assert.ok(text.includes(row.excess), `disputed line ${row.lines}: ${row.excess}`);
          }

          for (const [query, field] of [['to=mayor', 'to'], ['', 'to'], ['to=hospital&lang=fr', 'lang'], ['to=hospital&name=' + encodeURIComponent('A\nB'), 'name'], ['to=hospital&name=' + 'x'.repeat(301), 'name']] as const) {
            const r = await getJson(`${srv.url}/v1/analyses/${id}/letter.pdf?${query}`);
            assert.equal(r.status, 400, query);
            assert.equal(r.json.error.code, 'INVALID_FIELD');
            assert.match(r.json.error.message, new RegExp(field));
          }
          const missing = await getJson(`${srv.url}/v1/analyses/00000000-0000-0000-0000-000000000000/letter.docx?to=hospital`);
          assert.equal(missing.status, 404);

          const clean = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(CLEAN_INVOICE), file_name: 'city-diagnostic.txt' });
          assert.equal(clean.status, 201);
          for (const to of ['hospital', 'nppa', 'consumer-commission', 'insurer']) {
            const none = await getJson(`${srv.url}/v1/analyses/${clean.json.id}/letter.pdf?to=${to}`);
            assert.equal(none.status, 422, to);
            assert.equal(none.json.error.code, 'NOTHING_TO_DISPUTE');
          }
        });
      });
    }
  });

  test('response schemas describe what the routes return (zod parse of a stored analysis list)', () => {
    assert.throws(() => AnalysisList.parse({ items: [{}], next_cursor: null }), z.ZodError);
  });
}
