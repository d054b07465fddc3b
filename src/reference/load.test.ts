import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError } from '../domain/errors.ts';
import { BUNDLED_DATA_DIR, clearReferenceCache, kindOf, loadReferences } from './load.ts';
import type { CghsRow } from './types.ts';

const provenance = { publisher: 'Ministry of Health & Family Welfare, CGHS', title: 'CGHS rate list', reference: null, source_file: null, source_sha256: null };
const ecg = (rate: number): CghsRow => ({
  code: '590', name: 'Electrocardiogram (ECG)', non_nabh: rate, nabh: Math.round(rate * 1.15), unit: 'per test',
  section: 'CARDIOLOGY', category: 'investigation', added_wef: null, alias_of: null, rate_edition: '', note: null,
});
const cghs = (edition: string, effective: string, rate: number) => ({ source: 'CGHS', edition, effective_date: effective, provenance, rows: [ecg(rate)] });

function dataDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mbg-refs-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
}

test('keeps several editions of one source side by side and picks the one in force on the bill date', () => {
  const dir = dataDir({ 'cghs-2014-10-01.json': cghs('2014-10-01', '2014-10-01', 50), 'cghs-2024-07-08.json': cghs('2024-07-08', '2024-07-08', 150) });
  const refs = loadReferences(dir, undefined);
  assert.deepEqual(refs.editions('cghs').map((d) => d.edition), ['2014-10-01', '2024-07-08']);
  assert.equal(refs.editionFor('cghs', '2019-03-15')?.edition, '2014-10-01');
  assert.equal(refs.editionFor('cghs', '2024-07-08')?.edition, '2024-07-08');
  assert.equal(refs.cghs('2025-05-06')?.rows[0]?.non_nabh, 150);
  assert.equal(refs.cghs()?.edition, '2024-07-08', 'no date: the latest edition');
  assert.equal(refs.cghs('2001-01-01')?.edition, '2024-07-08', 'a date before every edition: the latest');
  assert.equal(refs.editionFor('nppa'), null);
});

test('adds the editions a user imported (MEDBILLGUARD_DATA_DIR); an import replaces a bundled file of the same edition', () => {
  const bundled = dataDir({ 'cghs-2024-07-08.json': cghs('2024-07-08', '2024-07-08', 150) });
  const imported = dataDir({ 'cghs-2025-10-03.json': cghs('2025-10-03', '2025-10-13', 170), 'cghs-2024-07-08.json': cghs('2024-07-08', '2024-07-08', 151) });
  const refs = loadReferences(bundled, imported);
  assert.deepEqual(refs.editions('CGHS').map((d) => [d.edition, d.origin]), [['2024-07-08', 'imported'], ['2025-10-03', 'imported']]);
  assert.equal(refs.cghs('2025-10-12')?.rows[0]?.non_nabh, 151);
  assert.equal(refs.cghs('2025-10-13')?.rows[0]?.non_nabh, 170);
  assert.equal(refs.list().length, 2);
});

test('reads the data once: the same directories give the same object until the cache is cleared', () => {
  const dir = dataDir({ 'cghs-2024-07-08.json': cghs('2024-07-08', '2024-07-08', 150) });
  const first = loadReferences(dir, undefined);
  assert.equal(loadReferences(dir, undefined), first);
  writeFileSync(join(dir, 'cghs-2025-10-03.json'), JSON.stringify(cghs('2025-10-03', '2025-10-13', 170)));
  assert.equal(loadReferences(dir, undefined).editions('cghs').length, 1);
  clearReferenceCache();
  assert.equal(loadReferences(dir, undefined).editions('cghs').length, 2);
});

test('a broken bundled dataset stops with an error naming the file', () => {
  const dir = dataDir({ 'cghs-2024-07-08.json': { source: 'CGHS', edition: '2024-07-08', effective_date: '08.07.2024', provenance, rows: [ecg(150)] } });
  assert.throws(() => loadReferences(dir, undefined), (e: unknown) => isUserError(e) && e.code === 'DATASET_INVALID' && e.file!.endsWith('cghs-2024-07-08.json') && /effective_date/.test(e.message));
  const notJson = dataDir({ 'nppa-2022.json': '{ "source": "NPPA", ' });
  assert.throws(() => loadReferences(notJson, undefined), (e: unknown) => isUserError(e) && /not valid JSON/.test(e.message));
});

test('the rows of a shipped dataset are read when first needed, and checked then', () => {
  const empty = dataDir({ 'nppa-2022.json': { source: 'NPPA', edition: '2022-08-10', effective_date: '2022-08-10', provenance, rows: [] } });
  const refs = loadReferences(empty, undefined);
  assert.equal(refs.nppa()?.edition, '2022-08-10');
  assert.throws(() => refs.nppa()!.rows, (e: unknown) => isUserError(e) && e.file!.endsWith('nppa-2022.json') && /no rows/.test(e.message));
  const withNotes = dataDir({ 'nppa-2022.json': { source: 'NPPA', edition: '2022-08-10', effective_date: '2022-08-10', provenance, rows: [{ medicine: 'Paracetamol' }], notes: [{ text: 'oxygen' }] } });
  const nppa = loadReferences(withNotes, undefined).nppa()!;
  assert.deepEqual(nppa.extra, { notes: [{ text: 'oxygen' }] });
  assert.equal(nppa.rows.length, 1);
});

test('a broken imported file is skipped with a warning, and the bundled data still loads', () => {
  const bundled = dataDir({ 'cghs-2024-07-08.json': cghs('2024-07-08', '2024-07-08', 150) });
  const imported = dataDir({ 'cghs-2025-10-03.json': { source: 'CGHS', rows: [] } });
  const refs = loadReferences(bundled, imported);
  assert.equal(refs.editions('cghs').length, 1);
  assert.equal(refs.warnings.length, 1);
  assert.match(refs.warnings[0]!, /cghs-2025-10-03\.json: skipped, .*missing "edition"/);
});

test('a missing import directory is no error; a missing data directory is', () => {
  const bundled = dataDir({ 'cghs-2024-07-08.json': cghs('2024-07-08', '2024-07-08', 150) });
  assert.equal(loadReferences(bundled, join(bundled, 'not-there')).editions('cghs').length, 1);
  const gone = join(mkdtempSync(join(tmpdir(), 'mbg-refs-')), 'data');
  assert.throws(() => loadReferences(gone, undefined), (e: unknown) => isUserError(e) && e.code === 'DATASET_INVALID');
  mkdirSync(gone);
  assert.equal(loadReferences(gone, undefined).datasets.length, 0);
});

test('tells the kind of reference from the dataset source name', () => {
  assert.equal(kindOf('CGHS'), 'cghs');
  assert.equal(kindOf('CGHS-OM-2023'), 'cghs-om');
  assert.equal(kindOf('cghs om'), 'cghs-om');
  assert.equal(kindOf('NPPA'), 'nppa');
  assert.equal(kindOf('NON-PAYABLE'), 'non-payable');
  assert.equal(kindOf('SYNONYMS'), 'synonyms');
  assert.equal(kindOf('CITY-TIERS'), 'other');
});

test('loads the datasets shipped in data/: CGHS, the OM of 12.04.2023, NPPA, non-payable charges and synonyms', () => {
  const refs = loadReferences(BUNDLED_DATA_DIR, undefined);
  assert.ok((refs.cghs()?.rows.length ?? 0) >= 1600);
  assert.equal(refs.om()?.source, 'CGHS-OM-2023');
  assert.ok((refs.nppa()?.rows.length ?? 0) >= 900);
  assert.ok((refs.nonPayable()?.rows.length ?? 0) > 0);
  assert.ok(refs.synonyms().length > 0);
  assert.ok(refs.list().every((d) => d.rows > 0 && /^\d{4}-\d{2}-\d{2}$/.test(d.effective_date)));
});
