import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../domain/errors.ts';
import { clearReferenceCache, loadReferences } from './load.ts';
import { importDataset, parseEdition } from './import.ts';
import { refreshOnce, REFRESH_TTL_MS } from './refresh.ts';
import type { CghsRow } from './types.ts';

const bundled = loadReferences(undefined, mkdtempSync(join(tmpdir(), 'mbg-empty-')));
const cghs2024 = bundled.cghs()!.rows as CghsRow[];
const rated = cghs2024.filter((r) => r.non_nabh !== null && r.nabh !== null);

/** A CGHS list in the documented CSV columns, from the bundled 2024 rows (rates scaled to stand in for a revision). */
function cghsCsv(rows: CghsRow[], scale = 1.1): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return ['Code,Name,Non_NABH,NABH,Unit', ...rows.map((r) => `${r.code},${quote(r.name)},${Math.round(r.non_nabh! * scale)},${Math.round(r.nabh! * scale)},${r.unit}`)].join('\r\n') + '\r\n';
}

function tempDirs() {
  const dir = mkdtempSync(join(tmpdir(), 'mbg-import-'));
  return { dir, file: (name: string, body: string) => { const p = join(dir, name); writeFileSync(p, body); return p; } };
}

function withDataDir<T>(dir: string, fn: () => T): T {
  const before = process.env.MEDBILLGUARD_DATA_DIR;
  process.env.MEDBILLGUARD_DATA_DIR = dir;
  try { return fn(); } finally {
    if (before === undefined) delete process.env.MEDBILLGUARD_DATA_DIR; else process.env.MEDBILLGUARD_DATA_DIR = before;
    clearReferenceCache();
  }
}

test('imports a revised CGHS list from CSV and uses it only for bills dated on or after its effective date', () => {
  const { dir, file } = tempDirs();
  const target = join(dir, 'editions');
  const csv = file('cghs-2025.csv', cghsCsv(rated));
  const result = withDataDir(target, () => importDataset('cghs', csv, { edition: '2025-10-13', reference: 'OM F.No. 5-16/CGHS(HQ)/HEC/2024 (Part I), 03.10.2025' }));
  assert.equal(result.rows, rated.length);
  assert.equal(result.effective_date, '2025-10-13');
  const refs = loadReferences(undefined, target);
  assert.equal(refs.editionFor('cghs', '2025-11-02')?.edition, '2025-10-13');
  assert.equal(refs.editionFor('cghs', '2025-06-13')?.edition, '2024-07-08');
  const ecg = (refs.editionFor('cghs', '2025-11-02')!.rows as CghsRow[]).find((r) => r.code === '590');
  assert.deepEqual([ecg?.non_nabh, ecg?.nabh], [165, 193]);
  assert.ok(refs.list().some((d) => d.edition === '2025-10-13' && d.origin === 'imported'));
});

test('refuses a CSV with missing columns, duplicate codes, a non-positive rate, no rows or too few rows, and writes nothing', () => {
  const { dir, file } = tempDirs();
  const target = join(dir, 'editions');
  const good = cghsCsv(rated.slice(0, 40)).split('\r\n');
  const cases: Array<[string, string, RegExp]> = [
    ['columns.csv', good.join('\n').replace('Non_NABH', 'Rate1'), /missing column non_nabh/],
    ['dupes.csv', [...good.slice(0, 30), good[1]!].join('\n'), /appears twice/],
    ['negative.csv', [good[0], ...good.slice(1, 30).map((l, i) => (i === 5 ? l.replace(/,(\d+),(\d+),/, ',-5,$2,') : l))].join('\n'), /positive amount/],
    ['header-only.csv', good[0]!, /no data rows/],
    ['short.csv', good.slice(0, 6).join('\n'), /only 5 rows/],
  ];
  for (const [name, body, message] of cases) {
    assert.throws(() => withDataDir(target, () => importDataset('cghs', file(name, body), { edition: '2025-10-13' })),
      (e: unknown) => e instanceof UserError && e.code === 'DATASET_INVALID' && message.test(e.message), name);
  }
  assert.throws(() => importDataset('cghs', file('empty.csv', ''), { edition: '2025-10-13' }), (e: unknown) => e instanceof UserError && e.code === 'DATASET_INVALID' && /empty/.test(e.message));
  assert.throws(() => parseEdition('cghs', new TextEncoder().encode(good.join('\n')), 'x.csv', {}), (e: unknown) => e instanceof UserError && e.code === 'BAD_USAGE');
  assert.deepEqual(readdirSync(dir).filter((n) => n === 'editions'), [], 'nothing half-imported');
});

test('refresh fetches a configured list once per 6 hours, keeps the old edition when the new one is implausible, and swaps in a plausible one', async () => {
  const { dir } = tempDirs();
  const bodies: Record<string, string> = {
    '/truncated.csv': cghsCsv(rated.slice(0, 200)),
    '/inflated.csv': cghsCsv(rated, 10),
    '/good.csv': cghsCsv(rated, 1.1),
  };
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    const body = bodies[req.url ?? ''];
    if (!body) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': 'text/csv', etag: `"${req.url}"` }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const url = (p: string) => `http://127.0.0.1:${port}${p}`;
  try {
    const now = Date.parse('2025-11-01T00:00:00Z');
    const [truncated] = await refreshOnce([{ source: 'cghs', url: url('/truncated.csv'), edition: '2025-10-13' }], { dir, now });
    assert.equal(truncated!.status, 'rejected');
    assert.match(truncated!.detail, /kept edition 2024-07-08: it has 200 rows/);
    const [inflated] = await refreshOnce([{ source: 'cghs', url: url('/inflated.csv'), edition: '2025-10-13' }], { dir, now });
    assert.equal(inflated!.status, 'rejected');
    assert.match(inflated!.detail, /implausible/);
    const [good] = await refreshOnce([{ source: 'cghs', url: url('/good.csv'), edition: '2025-10-13' }], { dir, now });
    assert.equal(good!.status, 'updated');
    assert.equal(loadReferences(undefined, dir).editionFor('cghs', '2025-11-02')?.edition, '2025-10-13');
    const seen = requests;
    const [cached] = await refreshOnce([{ source: 'cghs', url: url('/good.csv'), edition: '2025-10-13' }], { dir, now: now + REFRESH_TTL_MS - 1000 });
    assert.equal(cached!.status, 'cached');
    assert.equal(requests, seen, 'no request inside the 6-hour window');
    const [down] = await refreshOnce([{ source: 'cghs', url: url('/missing.csv'), edition: '2025-10-13' }], { dir, now });
    assert.equal(down!.status, 'failed');
    assert.match(down!.detail, /HTTP 404/);
  } finally {
    server.close();
    clearReferenceCache();
  }
});
