// The committed CGHS dataset (data/cghs-2024-07-08.json): rows checked against the 2024 source
// text, dataset-wide invariants, and a rebuild from ../shared/data that must give the same bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CghsDataset, CghsRow } from '../types.ts';
import { CGHS_OUTPUT_NAME, CGHS_SOURCE_FILE, runCghsBuilder } from './cghs.ts';

const DATA = fileURLToPath(new URL(`../../../data/${CGHS_OUTPUT_NAME}`, import.meta.url));
const SOURCES = process.env.MEDBILLGUARD_SOURCES ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const haveSources = existsSync(join(SOURCES, CGHS_SOURCE_FILE));

const dataset = JSON.parse(readFileSync(DATA, 'utf8')) as CghsDataset;
const rows = new Map(dataset.rows.map((r) => [r.code, r]));
const row = (code: string): CghsRow => {
  const r = rows.get(code);
  assert.ok(r, `code ${code} is in the dataset`);
  return r;
};

// [code, name as published, non-NABH, NABH, unit, category] — values read in the source text.
const PINNED: Array<[string, string, number, number, CghsRow['unit'], string]> = [
  ['1', 'Consultation OPD', 350, 350, 'per visit', 'consultation'],
  ['2', 'Consultation- for Inpatients', 350, 350, 'per visit', 'consultation'],
  ['3', 'Dressings of wounds', 255, 300, 'per procedure', 'procedure'],
  ['31', 'Subconjunctival/subtenon’s injections in both eyes', 120, 138, 'both eyes', 'procedure'],
  ['30', 'Subconjunctival/subtenon’s injections in one eye', 60, 69, 'per eye', 'procedure'],
  ['427', 'Inguinal Hernia Herniorrhaphy', 22100, 26000, 'per procedure', 'procedure'],
  ['428', 'Inguinal Hernia - Hernioplasty', 27200, 32000, 'per procedure', 'procedure'],
  ['511', 'ICU Charges (Inclusive of Room Rent)', 4590, 5400, 'per day', 'icu'],
  ['512', 'Compressed air / piped oxygen /per hour', 50, 58, 'per hour', 'other'],
  ['590', 'Electrocardiogram (ECG)', 150, 175, 'per test', 'investigation'],
  ['592', '2D echocardiography', 1255, 1475, 'per test', 'investigation'],
  ['1198', 'Total Knee Joint Replacement (TKR)', 110000, 126500, 'per procedure', 'procedure'],
  ['1393', 'Total Red Cell count with MCV,MCH,MCHC,DRW', 30, 35, 'per test', 'investigation'],
  ['1394', 'Complete Haemogram/CBC, Hb,RBC count and indices,TLC, DLC, Platelet, ESR, Peripheral smear examination', 135, 155, 'per test', 'investigation'],
  ['1455', 'Serum Uric Acid', 55, 63, 'per test', 'investigation'],
  ['1510', 'Glycosylated Haemoglobin (HbA1c)', 130, 150, 'per test', 'investigation'],
  ['1512', 'Kidney Function Test (KFT)', 225, 259, 'per test', 'investigation'],
  ['1513', 'Liver Function Test (LFT)', 225, 259, 'per test', 'investigation'],
  ['1562', 'Thyroid stimulating hormone (TSH)', 90, 104, 'per test', 'investigation'],
  ['1608', 'Chest PA view (one film)', 195, 230, 'per film', 'investigation'],
  ['1616', 'Spine AP & Lateral (2 films)', 180, 207, 'per test', 'investigation'],
  ['1661', 'MRI Head – Without Contrast', 2125, 2500, 'per test', 'investigation'],
  ['1718', 'Nerve Conduction Velocity (NCV) (at least 2 limbs)', 638, 734, 'per test', 'investigation'],
  ['1844', 'Laser Trabeculoplasty Gonioplasty (both eyes)', 13600, 16000, 'both eyes', 'procedure'],
];

for (const [code, name, nonNabh, nabh, unit, category] of PINNED) {
  test(`code ${code} ${name}: ₹${nonNabh} / ₹${nabh} ${unit}`, () => {
    const r = row(code);
    assert.deepEqual([r.name, r.non_nabh, r.nabh, r.unit, r.category, r.rate_edition], [name, nonNabh, nabh, unit, category, '2024-07-08']);
  });
}

test('CBC: 1394 is the Complete Haemogram (its Sr. No. printed beside the middle line of its name), rated from the 2024 text', () => {
  const cbc = row('1394');
  assert.equal(cbc.section, 'LABORATORY MEDICINE / HAEMATOLOGY');
  assert.match(cbc.note ?? '', /Repaired: rates at source line 9670–9672 .*name rebuilt from source line 9780–9782/);
});

test('rows the extractor moved to the end of the page are put back and say from where', () => {
  const r = row('112');
  assert.deepEqual([r.name, r.non_nabh, r.nabh], ['Enucleation with orbital implants and artificial prosthesis', 3000, 3450]);
  assert.match(r.note ?? '', /^Repaired: rates at source line \d+–\d+ belong to this code/);
  const delivery = row('611');
  assert.deepEqual([delivery.name, delivery.non_nabh, delivery.nabh, delivery.section], ['Normal delivery with or without Episiotomy & P. repair', 8000, 9200, 'TREATMENT PROCEDURE OBSTETRICS AND GYNAECOLOGY']);
  assert.equal(row('610').name, 'Other Minor Surgery-Cardiovascular and Cardiac Surgery & Investigations');
  assert.deepEqual([row('610').non_nabh, row('610').nabh], [4250, 4888]);
});

test('"See code" and "Select CGHS rate code" rows carry the target code and its rates', () => {
  const ferritin = row('1505');
  assert.deepEqual([ferritin.alias_of, ferritin.non_nabh, ferritin.nabh], ['1517', row('1517').non_nabh, row('1517').nabh]);
  assert.deepEqual([row('1517').non_nabh, row('1517').nabh], [100, 115]);
  const shunt = row('920');
  assert.deepEqual([shunt.alias_of, shunt.non_nabh, shunt.nabh], ['938', 11615, 13357]);
  // A row that prints its own rates but names another code "for approved rate" takes that code's.
  const lapNephrectomy = row('881');
  assert.deepEqual([lapNephrectomy.alias_of, lapNephrectomy.non_nabh, lapNephrectomy.nabh], ['508', 22000, 25300]);
  assert.match(lapNephrectomy.note ?? '', /this row prints 33350 \/ 38353/);
  const sleepEeg = row('1853');
  assert.deepEqual([sleepEeg.alias_of, sleepEeg.non_nabh, sleepEeg.nabh, sleepEeg.added_wef], ['1716', 298, 343, '2021-02-07']);
  for (const r of dataset.rows.filter((x) => x.alias_of && x.non_nabh !== null)) {
    const target = row(r.alias_of!);
    assert.deepEqual([r.non_nabh, r.nabh], [target.non_nabh, target.nabh], `code ${r.code} has code ${r.alias_of}'s rates`);
  }
});

test('"ADDED W.E.F." dates are kept per block', () => {
  assert.deepEqual([row('1781').added_wef, row('1781').non_nabh, row('1781').nabh], ['2020-01-14', 3500, 4025]);
  assert.equal(row('1796').added_wef, '2020-06-05');
  assert.equal(row('1821').added_wef, '2014-11-26');
  assert.match(row('1821').note ?? '', /ADDED vide clause 2,5, & 6 of OM F\.No\. S-11045\/36\/2012-CGHS \(HEC\) dated 26\.11\.2014/);
  assert.equal(row('1835').added_wef, '2021-02-07');
  assert.equal(row('1780').added_wef, null);
});

test('a NABH rate printed apart from its row is joined to it', () => {
  const r = row('1845');
  assert.deepEqual([r.non_nabh, r.nabh, r.unit], [2975, 3500, 'per eye']);
  assert.match(r.note ?? '', /NABH rate printed apart from its row/);
});

test('rows without a rate say why', () => {
  assert.deepEqual([row('483').non_nabh, row('483').nabh], [null, null]);
  assert.match(row('483').note ?? '', /Printed as "Deleted"/);
  assert.equal(row('589').non_nabh, null);
  assert.match(row('589').note ?? '', /Rates printed per device: non-NABH ASD - 84,065 VSD - 93,415 PDA - 46,750; NABH ASD - 98,900 VSD - 1,09,900 PDA - 55,000/);
  for (const r of dataset.rows.filter((x) => x.non_nabh === null || x.nabh === null)) assert.ok(r.note, `code ${r.code} explains its missing rate`);
});

test('names the extraction garbled are the 2014 list\'s, with the garbled text in the note', () => {
  const r = row('794');
  assert.equal(r.name, 'Adreneclectomy Unilateral/Bilateral for Tumour/For Carcinoma- Open');
  assert.match(r.note ?? '', /Name garbled in the 2024 text extraction \("Adreneclectomy Unilateral\/Bilateral for Tumour\/For"/);
  assert.equal(row('190').name, 'Cyst & tumour of Maxilla/mandible by enucleation / excision / marsupialisation size more than 4 cms under GA');
  assert.match(row('190').note ?? '', /the 2014 list's name tells them apart/);
});

test('implausible rates are kept as printed and flagged', () => {
  const ffr = row('1795');
  assert.deepEqual([ffr.non_nabh, ffr.nabh], [30000, 300000]);
  assert.match(ffr.note ?? '', /Check: NABH rate 300000 is 10\.00 × the non-NABH rate 30000/);
});

test('the dataset covers every code 1–1853 once, in numeric order, with at least 1,600 rated', () => {
  const codes = dataset.rows.map((r) => Number(r.code));
  assert.deepEqual(codes, Array.from({ length: 1853 }, (_, i) => i + 1));
  const rated = dataset.rows.filter((r) => r.non_nabh !== null && r.nabh !== null);
  assert.ok(rated.length >= 1600, `${rated.length} rated`);
  for (const r of rated) {
    assert.ok(r.non_nabh! > 0 && r.nabh! >= r.non_nabh!, `code ${r.code}: ${r.non_nabh} / ${r.nabh}`);
    assert.ok(['2024-07-08', '2014'].includes(r.rate_edition));
    if (r.rate_edition === '2014') assert.match(r.note ?? '', /2014 list/);
  }
  for (const r of dataset.rows) assert.ok(r.name.length > 0 && r.section.length > 0, `code ${r.code} has a name and a section`);
});

test('the header names the source, its edition and the source file\'s hash', () => {
  assert.deepEqual([dataset.source, dataset.edition, dataset.effective_date], ['CGHS', '2024-07-08', '2024-07-08']);
  assert.equal(dataset.provenance.source_file, CGHS_SOURCE_FILE);
  assert.match(dataset.provenance.source_sha256 ?? '', /^[0-9a-f]{64}$/);
  if (haveSources) {
    assert.equal(dataset.provenance.source_sha256, createHash('sha256').update(readFileSync(join(SOURCES, CGHS_SOURCE_FILE))).digest('hex'));
  }
});

test('rebuilding from the sources gives the committed file byte for byte', { skip: haveSources ? false : `sources not found under ${SOURCES}` }, async () => {
  const out = mkdtempSync(join(tmpdir(), 'cghs-build-'));
  try {
    const report = await runCghsBuilder(SOURCES, out);
    assert.equal(report.rows_written, 1853);
    assert.equal(report.stats.with_rate, dataset.rows.filter((r) => r.non_nabh !== null && r.nabh !== null).length);
    assert.ok(readFileSync(join(out, CGHS_OUTPUT_NAME)).equals(readFileSync(DATA)), 'same bytes as data/cghs-2024-07-08.json');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
