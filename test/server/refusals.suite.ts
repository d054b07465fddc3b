// Bad input never produces a 5xx: every refusal is { error: { code, message } } with the status
// API.md names. Also the edges: upload limit while streaming, CORS allow-list, security headers,
// rate limit, request ids.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ErrorBody } from '../../src/server/schemas.ts';
import { b64, postForm, postJson, sqliteBackend, startTestServer, textBill, type TestServer } from './helpers.ts';

/** Registers the refusal, edge and rate-limit suites. */
export function refusalSuites(): void {
  // Every test here is independent of the others: they run side by side.
  describe('refusals, edges and limits', { concurrency: true }, () => {
    describe('refusals and edges (embedded SQLite)', () => {
      let srv: TestServer;
      let cleanup: () => Promise<void>;
      before(async () => {
        const prepared = await sqliteBackend.prepare();
        cleanup = prepared.cleanup;
        srv = await startTestServer({ ...prepared.env, MAX_UPLOAD_MB: '1', CORS_ORIGINS: 'https://dashboard.example.in', MAX_BATCH_FILES: '3' });
      });
      after(async () => {
        await srv?.close();
        await cleanup?.();
      });

      async function raw(method: string, path: string, body: string | Uint8Array | undefined, headers: Record<string, string>) {
        const res = await fetch(`${srv.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
        const text = await res.text();
        return { status: res.status, text, headers: res.headers };
      }

      const expectError = (r: { status: number; text: string }, status: number, code: string) => {
        assert.equal(r.status, status, r.text);
        const body = ErrorBody.parse(JSON.parse(r.text));
        assert.equal(body.error.code, code, r.text);
        assert.ok(body.error.message.length > 0);
      };

      test('named refusals: each bad request gets its status and code', async () => {
        expectError(await raw('POST', '/v1/analyses', '{"file_content": ', { 'content-type': 'application/json' }), 400, 'INVALID_JSON');
        expectError(await raw('POST', '/v1/analyses', 'hello', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
        expectError(await raw('POST', '/v1/analyses', JSON.stringify({ file_content: '!!!not base64!!!' }), { 'content-type': 'application/json' }), 400, 'INVALID_FIELD');
        expectError(await raw('POST', '/v1/analyses', JSON.stringify({ file_content: b64('x'), ward: 'deluxe' }), { 'content-type': 'application/json' }), 400, 'INVALID_FIELD');
        expectError(await raw('POST', '/v1/analyses', JSON.stringify({ file_content: b64('x'), surprise: 1 }), { 'content-type': 'application/json' }), 400, 'INVALID_FIELD');
        expectError(await raw('POST', '/v1/analyses', JSON.stringify({ file_content: '' }), { 'content-type': 'application/json' }), 400, 'INVALID_FIELD');
        expectError(await raw('POST', '/v1/analyses', JSON.stringify({ file_content: b64('') || 'AA==', file_name: 'empty.txt' }).replace('AA==', ''), { 'content-type': 'application/json' }), 400, 'INVALID_FIELD');
        expectError(await raw('GET', '/v1/analyses?limit=5000', undefined, {}), 400, 'INVALID_FIELD');
        expectError(await raw('GET', '/v1/analyses?cursor=bm90LWEtY3Vyc29y', undefined, {}), 400, 'INVALID_FIELD');
        expectError(await raw('GET', '/v1/analyses/nope', undefined, {}), 404, 'NOT_FOUND');
        expectError(await raw('GET', '/no/such/route', undefined, {}), 404, 'NOT_FOUND');
        expectError(await raw('POST', '/v1/batches', JSON.stringify({}), { 'content-type': 'application/json' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      });

      test('what the core cannot read is 415 or 422, never 5xx', async () => {
        const zip = await postForm(`${srv.url}/v1/analyses`, [{ name: 'bill.docx', content: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]) }]);
        assert.equal(zip.status, 415);
        assert.equal(zip.json.error.code, 'UNSUPPORTED_TYPE');
        const pdf = await postForm(`${srv.url}/v1/analyses`, [{ name: 'bill.pdf', content: '%PDF-1.7\n1 0 obj garbage that is not a pdf' }]);
        assert.equal(pdf.status, 422, JSON.stringify(pdf.json));
        const empty = await postForm(`${srv.url}/v1/analyses`, [{ name: 'empty.txt', content: '' }]);
        assert.equal(empty.status, 422);
        assert.equal(empty.json.error.code, 'FILE_EMPTY');
        const noFile = await postForm(`${srv.url}/v1/analyses`, [], { ward: 'general' });
        assert.equal(noFile.status, 400);
        const twoFiles = await postForm(`${srv.url}/v1/analyses`, [{ name: 'a.txt', content: textBill(1) }, { name: 'b.txt', content: textBill(2) }]);
        assert.equal(twoFiles.status, 413);
        assert.equal(twoFiles.json.error.code, 'TOO_MANY_FILES');
        const wrongField = await postForm(`${srv.url}/v1/analyses`, [{ name: 'a.txt', content: textBill(1), field: 'upload' }]);
        assert.equal(wrongField.status, 400);
      });

      test('junk of every kind (random bytes, random JSON, random multipart) never gets a 5xx', async () => {
        const seedBytes = randomBytes(64 * 1024);
        let offset = 0;
        const chunk = (n: number) => { const c = seedBytes.subarray(offset % 60_000, (offset % 60_000) + n); offset += n + 7; return c; };
        const statuses = new Map<number, number>();
        const note = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
        for (let i = 0; i < 20; i++) {
          const bytes = chunk(50 + i * 97);
          // The six kinds of junk for one chunk go at once, as clients would send them.
          const seen = await Promise.all([
            postForm(`${srv.url}/v1/analyses`, [{ name: ['x.txt', 'x.pdf', 'x.png', 'x.jpg', 'x', 'x.csv'][i % 6]!, content: bytes }]),
            postJson(`${srv.url}/v1/analyses`, { file_content: b64(bytes), file_name: `junk-${i}.${['txt', 'pdf', 'tif'][i % 3]}` }),
            raw('POST', '/v1/analyses', bytes, { 'content-type': 'application/json' }),
            raw('POST', '/v1/analyses', bytes, { 'content-type': 'multipart/form-data; boundary=xyz' }),
            raw('POST', '/analyze', JSON.stringify({ file_content: b64(bytes), file_format: 'pdf' }), { 'content-type': 'application/json' }),
            raw('GET', `/v1/analyses?limit=${encodeURIComponent(bytes.subarray(0, 8).toString('latin1'))}`, undefined, {}),
          ].map((p) => p.then((r) => r.status)));
          seen.forEach(note);
        }
        const fives = [...statuses.keys()].filter((s) => s >= 500);
        assert.deepEqual(fives, [], `statuses seen: ${JSON.stringify([...statuses])}`);
      });

      test('a file over MAX_UPLOAD_MB is refused with 413 while it streams, by multipart and by JSON', async () => {
        const big = new Uint8Array(1024 * 1024 + 10).fill(65);
        const multipart = await postForm(`${srv.url}/v1/analyses`, [{ name: 'big.txt', content: big }]);
        assert.equal(multipart.status, 413);
        assert.equal(multipart.json.error.code, 'FILE_TOO_LARGE');
        const json = await postJson(`${srv.url}/v1/analyses`, { file_content: b64(big) });
        assert.equal(json.status, 413);
        assert.equal(json.json.error.code, 'FILE_TOO_LARGE');
        // Streaming: the refusal comes before a 20 MB body has been sent.
        const status = await new Promise<number>((resolve, reject) => {
          const req = httpRequest(`${srv.url}/v1/analyses`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
          req.on('error', reject);
          req.write('--b\r\ncontent-disposition: form-data; name="file"; filename="huge.txt"\r\ncontent-type: text/plain\r\n\r\n');
          let sent = 0;
          const pump = () => {
            while (sent < 20 * 1024 * 1024) {
              sent += 64 * 1024;
              if (!req.write(Buffer.alloc(64 * 1024, 66))) { req.once('drain', pump); return; }
            }
            req.end('\r\n--b--\r\n');
          };
          pump();
        }).catch(() => 413);
        assert.equal(status, 413);
        const batch = await postForm(`${srv.url}/v1/batches`, [1, 2, 3, 4].map((i) => ({ name: `b${i}.txt`, content: textBill(i) })));
        assert.equal(batch.status, 413);
        assert.equal(batch.json.error.code, 'TOO_MANY_FILES');
      });

      test('CORS answers only the allowed origin; helmet headers and the request id are on every response', async () => {
        const allowed = await fetch(`${srv.url}/v1/analyses`, { method: 'OPTIONS', headers: { origin: 'https://dashboard.example.in', 'access-control-request-method': 'POST' } });
        assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://dashboard.example.in');
        const other = await fetch(`${srv.url}/v1/analyses`, { headers: { origin: 'https://evil.example.com' } });
        assert.equal(other.headers.get('access-control-allow-origin'), null);
        assert.equal(other.headers.get('x-content-type-options'), 'nosniff');
        assert.ok(other.headers.get('content-security-policy'));
        const withId = await fetch(`${srv.url}/health/liveness`, { headers: { 'x-request-id': 'tpa-run-42' } });
        assert.equal(withId.headers.get('x-request-id'), 'tpa-run-42');
        const generated = await fetch(`${srv.url}/health/liveness`, { headers: { 'x-request-id': 'bad id with spaces' } });
        assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      });
    });

    describe('rate limit', () => {
      test('past RATE_LIMIT_PER_MINUTE a client gets 429 with the error body; health stays reachable', async () => {
        const prepared = await sqliteBackend.prepare();
        const srv = await startTestServer({ ...prepared.env, RATE_LIMIT_PER_MINUTE: '3' });
        try {
          const statuses: number[] = [];
          for (let i = 0; i < 5; i++) statuses.push((await fetch(`${srv.url}/v1/analyses`)).status);
          assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
          const limited = await fetch(`${srv.url}/v1/analyses`);
          assert.equal((await limited.json() as { error: { code: string } }).error.code, 'RATE_LIMITED');
          assert.ok(limited.headers.get('retry-after'));
          assert.equal((await fetch(`${srv.url}/health/readiness`)).status, 200);
        } finally {
          await srv.close();
          await prepared.cleanup();
        }
      });
    });
  });
}
