// The curated table of the CGHS OM of 12.04.2023 (data/cghs-om-2023.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OM2023_OUTPUT_NAME, buildOm2023Dataset, omRate, runOm2023Builder, type CghsOmDataset } from './om2023.ts';

const DATA = fileURLToPath(new URL(`../../../data/${OM2023_OUTPUT_NAME}`, import.meta.url));
const dataset = JSON.parse(readFileSync(DATA, 'utf8')) as CghsOmDataset;
const byId = new Map(dataset.rows.map((r) => [r.id, r]));

test('consultation is ₹350 per OPD consultation or inpatient visit, NABH and non-NABH alike', () => {
  for (const id of ['consultation-opd', 'consultation-ipd']) {
    const r = byId.get(id)!;
    assert.deepEqual([r.category, r.nabh, r.non_nabh], ['consultation', 350, 350]);
  }
  assert.equal(byId.get('consultation-opd')!.unit, 'per consultation');
  assert.equal(byId.get('consultation-ipd')!.unit, 'per visit');
});

test('room rent a day: general ₹1,500, semi-private ₹3,000, private ₹4,500, whatever the accreditation', () => {
  const rooms = dataset.rows.filter((r) => r.category === 'room').map((r) => [r.ward, r.nabh, r.non_nabh, r.unit]);
  assert.deepEqual(rooms, [
    ['general', 1500, 1500, 'per day'],
    ['semi-private', 3000, 3000, 'per day'],
    ['private', 4500, 4500, 'per day'],
  ]);
});

test('ICU is ₹5,400 a day at NABH hospitals and 15% less (₹4,590) elsewhere, for every ward', () => {
  const icu = byId.get('icu')!;
  assert.deepEqual([icu.category, icu.ward, icu.nabh, icu.non_nabh, icu.unit], ['icu', null, 5400, 4590, 'per day']);
  assert.match(icu.name, /inclusive of room rent/);
});

test('every row cites the OM and lists the wordings bills use', () => {
  assert.deepEqual([dataset.source, dataset.edition, dataset.effective_date], ['CGHS-OM-2023', '2023-04-12', '2023-04-12']);
  assert.match(dataset.provenance.reference ?? '', /Z\.15025\/28\/2022\/DIR\/CGHS/);
  for (const r of dataset.rows) {
    assert.deepEqual(r.citation, { source: 'CGHS', reference: 'OM F.No. Z.15025/28/2022/DIR/CGHS', date: '2023-04-12' });
    assert.ok(r.wordings.length >= 5, r.id);
    for (const w of r.wordings) assert.equal(w, w.toLowerCase());
  }
  const has = (id: string, wording: string): boolean => byId.get(id)!.wordings.includes(wording);
  assert.ok(has('room-general', 'general ward charges'));
  assert.ok(has('room-semi-private', 'semi-private room rent'));
  assert.ok(has('room-private', 'private room charges'));
  assert.ok(has('icu', 'icu charges') && has('icu', 'intensive care unit'));
  assert.ok(has('consultation-ipd', 'inpatient consultation') && has('consultation-ipd', 'doctor visit'));
  assert.ok(has('consultation-opd', 'opd consultation'));
  assert.ok(has('consultation-ipd', 'consultation charges - general medicine'));
  for (const id of ['room-general', 'room-semi-private', 'room-private']) assert.ok(has(id, 'bed charges'));
  // A ward-specific wording belongs to one row only.
  const specific = ['general ward charges', 'semi-private room rent', 'private room charges', 'icu charges'];
  for (const w of specific) assert.equal(dataset.rows.filter((r) => r.wordings.includes(w)).length, 1, w);
});

test('omRate picks the row for the ward and accreditation', () => {
  assert.equal(omRate(dataset.rows, { category: 'room', ward: 'private', nabh: false })?.rate, 4500);
  assert.equal(omRate(dataset.rows, { category: 'room', nabh: true })?.row.ward, 'semi-private');
  assert.equal(omRate(dataset.rows, { category: 'icu', ward: 'general', nabh: false })?.rate, 4590);
  assert.equal(omRate(dataset.rows, { category: 'consultation', inpatient: true, nabh: true })?.row.id, 'consultation-ipd');
});

test('the committed file is what the builder writes', async () => {
  assert.equal(`${JSON.stringify(buildOm2023Dataset(), null, 2)}\n`, readFileSync(DATA, 'utf8'));
  const out = mkdtempSync(join(tmpdir(), 'om2023-'));
  try {
    await runOm2023Builder('', out);
    assert.ok(readFileSync(join(out, OM2023_OUTPUT_NAME)).equals(readFileSync(DATA)));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
