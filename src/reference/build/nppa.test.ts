import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NppaDataset, NppaRow } from '../types.ts';
import {
  NPPA_OUTPUT_NAME,
  NPPA_SOURCE_FILE,
  findLayout,
  isFormStart,
  joinWrapped,
  normaliseDosageForm,
  normaliseStrength,
  normaliseUnit,
  parseIndianDate,
  parseNppaPages,
  runNppaBuilder,
  type PdfTextItem,
} from './nppa.ts';
import { builders } from './registry.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const committedPath = join(repoRoot, 'data', NPPA_OUTPUT_NAME);
const committedBytes = readFileSync(committedPath, 'utf8');
const dataset = JSON.parse(committedBytes) as NppaDataset;
const sourcesDir = process.env.MEDBILLGUARD_SOURCES ?? join(repoRoot, '..', 'shared', 'data');

/** The rows for one printed formulation (a medicine listed in several NLEM sections has several). */
function rowsFor(medicine: string, formStrength: string, unit?: string): NppaRow[] {
  return dataset.rows.filter((r) => r.medicine === medicine && r.form_strength === formStrength && (unit === undefined || r.unit === unit));
}
function only(medicine: string, formStrength: string, unit?: string): NppaRow {
  const found = rowsFor(medicine, formStrength, unit);
  assert.ok(found.length >= 1, `no row for ${medicine} ${formStrength} ${unit ?? ''}`);
  const prices = new Set(found.map((r) => r.ceiling_price));
  assert.equal(prices.size, 1, `${medicine} ${formStrength}: one ceiling in every section`);
  return found[0]!;
}

// ─────────────── known rows of the committed dataset (values read off the PDF) ───────────────

test('Paracetamol tablet 500 mg: ₹1.01 per tablet, S.O. 1499(E) of 30.03.2022, NLEM 2.1 on page 4', () => {
  const [first] = rowsFor('Paracetamol', 'Tablet 500 mg');
  assert.deepEqual(first, {
    section: '2.1 Non-opioid analgesics, antipyretics and nonsteroidal anti-inflammatory medicines',
    medicine: 'Paracetamol',
    form_strength: 'Tablet 500 mg',
    dosage_form: 'tablet',
    strength: '500 mg',
    unit: '1 Tablet',
    per: 'tablet',
    per_quantity: 1,
    ceiling_price: 1.01,
    so_number: 'S.O. 1499(E)',
    so_date: '2022-03-30',
    page: 4,
  });
  // Listed again under 7 (antimigraine) at the same ceiling.
  assert.deepEqual(rowsFor('Paracetamol', 'Tablet 500 mg').map((r) => [r.section.split(' ')[0], r.ceiling_price]), [['2.1', 1.01], ['7', 1.01]]);
});

test('common tablets and capsules carry their printed ceiling per unit', () => {
  const cases: Array<[string, string, number, string, string]> = [
    ['Diclofenac', 'Tablet 50 mg', 2.13, 'tablet', '50 mg'],
    ['Atorvastatin', 'Tablet 10 mg', 6.09, 'tablet', '10 mg'],
    ['Omeprazole', 'Capsule 20 mg', 2.77, 'capsule', '20 mg'],
    ['Domperidone', 'Tablet 10 mg', 2.68, 'tablet', '10 mg'],
    ['Cefixime', 'Capsule 200 mg', 16.03, 'capsule', '200 mg'],
    ['Cefixime', 'Tablet 200mg', 10.66, 'tablet', '200 mg'],
    ['Azithromycin', 'Tablet 500mg', 23.64, 'tablet', '500 mg'],
    ['Tramadol', 'Capsule 50 mg', 5.01, 'capsule', '50 mg'],
    ['Metformin', 'Tablet 500 mg(Immediate release)', 1.67, 'tablet', '500 mg'],
    ['Metformin', 'Tablet 500 mg(Controlled release)', 2.13, 'tablet', '500 mg'],
  ];
  for (const [medicine, form, price, per, strength] of cases) {
    const row = only(medicine, form);
    assert.equal(row.ceiling_price, price, `${medicine} ${form}`);
    assert.equal(row.per, per, `${medicine} ${form}`);
    assert.equal(row.dosage_form, per, `${medicine} ${form}`);
    assert.equal(row.per_quantity, 1);
    assert.equal(row.strength, strength);
    assert.equal(row.so_number, 'S.O. 1499(E)');
    assert.equal(row.so_date, '2022-03-30');
  }
});

test('injections: per ml, per pack, and packs that hold a stated volume', () => {
  const ondansetron = only('Ondansetron', 'Injection 2 mg/ml');
  assert.equal(ondansetron.ceiling_price, 6.49);
  assert.deepEqual([ondansetron.dosage_form, ondansetron.strength, ondansetron.per, ondansetron.per_quantity], ['injection', '2 mg/ml', 'ml', 1]);

  const heparin = only('Heparin', 'Injection 1000 IU/ml');
  assert.deepEqual([heparin.ceiling_price, heparin.strength, heparin.per], [18.11, '1000 IU/ml', 'ml']);

  const pantoprazole = only('Pantoprazole', 'Injection 40 mg');
  assert.deepEqual([pantoprazole.ceiling_price, pantoprazole.unit, pantoprazole.per, pantoprazole.per_quantity], [49.43, 'Each Pack', 'pack', 1]);

  const dexa = only('Dexamethasone', 'Injection 4 mg/ml', 'Each Pack (10 ml)'); // unit cell wrapped "Each Pack (10" / "ml)"
  assert.deepEqual([dexa.ceiling_price, dexa.per, dexa.per_quantity], [15.29, 'ml', 10]);

  const enoxaparin = only('Enoxaparin', 'Injection 40 mg/0.4ml');
  assert.deepEqual([enoxaparin.ceiling_price, enoxaparin.strength, enoxaparin.per, enoxaparin.per_quantity], [112.86, '40 mg/0.4 ml', 'ml', 0.1]);

  const glucose = only('Glucose', 'Injection 5%', '1000ml Non-Glass with special features'); // three-line unit cell
  assert.deepEqual([glucose.ceiling_price, glucose.so_number, glucose.per, glucose.per_quantity], [84.82, 'S.O. 1500(E)', 'ml', 1000]);
});

test('coronary stents are included (S.O. 1502(E)), priced per stent', () => {
  const bms = only('Bare Metal Stents (BMS)', '');
  assert.deepEqual([bms.ceiling_price, bms.so_number, bms.so_date, bms.dosage_form, bms.per, bms.section], [9373.03, 'S.O. 1502(E)', '2022-03-30', 'stent', 'stent', '31 Coronary Stents']);
  const des = dataset.rows.find((r) => r.medicine.startsWith('Drug Eluting Stents (DES)'));
  assert.ok(des);
  assert.equal(des.ceiling_price, 34128.13);
  assert.match(des.medicine, /Bioresorbable Vascular Scaffold \(BVS\)\/Biodegradable stents$/); // five wrapped lines
});

test('wrapped cells, sub-entries and blank cells are read as one formulation each', () => {
  // "Injection 0.5% with 7.5%" / "glucose": one cell on two lines
  assert.equal(only('Bupivacaine', 'Injection 0.5% with 7.5% glucose').ceiling_price, 6.89);
  // a) / b) sub-entries under "Amphotericin B"
  assert.equal(only('Amphotericin B (conventional)', 'Powder for Injection 50 mg').ceiling_price, 343.91);
  assert.equal(only('Lipid/ Liposomal Amphotericin B', 'Powder for Injection 50 mg(Liposomal)').ceiling_price, 8290);
  const venom = only('Snake venom antiserum (Lyophilized polyvalent)', 'Powder for Injection'); // printed as one text run across two columns
  assert.deepEqual([venom.ceiling_price, venom.per, venom.per_quantity], [618.71, 'ml', 10]);
  // second price of a formulation whose dosage-form cell is blank on that line
  const budesonide = rowsFor('Budesonide', 'Inhalation (MDI/DPI) 100 mcg/dose').map((r) => [r.unit, r.ceiling_price]);
  assert.deepEqual(budesonide, [['Per Metered Dose', 1.41], ['Per Dose', 2.22]]);
  // a strength without a form word takes the form of the rows above it
  assert.equal(only('Paracetamol', '100 mg/ml (pediatric)').dosage_form, 'oral liquid');
  // the one S.O. 1834(E) row
  const framycetin = only('Framycetin', 'Cream 0.5%');
  assert.deepEqual([framycetin.so_number, framycetin.so_date, framycetin.per], ['S.O. 1834(E)', '2022-04-18', 'g']);
});

test('note-only entries are notes, never prices', () => {
  assert.equal(dataset.rows.some((r) => r.medicine === 'Oxygen'), false, 'oxygen has no ceiling row in this table');
  const oxygen = dataset.notes.find((n) => n.medicine === 'Oxygen');
  assert.ok(oxygen);
  assert.match(oxygen.text, /Rs\. 25\.71 per cubic meter/);
  const heparinNotes = dataset.notes.filter((n) => n.medicine === 'Heparin');
  assert.equal(heparinNotes.length, 2); // printed under 10.2 and 12.5
  assert.match(heparinNotes[0]!.text, /S\.O\. 2151\(E\) dated 30\.06\.2020 to Rs\. 24\.39/);
  assert.ok(dataset.notes.some((n) => n.medicine === 'Mefloquine' && n.text.startsWith('*Only for use as chemoprophylaxis')));
  assert.equal(only('Mefloquine', 'Tablet 250 mg').ceiling_price, 56.6);
  for (const r of dataset.rows) {
    assert.doesNotMatch(`${r.form_strength} ${r.unit}`, /ceiling prices|chemoprophylaxis|metered dose inhaler/i, `${r.medicine} carries note text`);
  }
});

test('every row is complete: a positive price, an S.O. number and date, a known unit', () => {
  assert.ok(dataset.rows.length >= 900, `${dataset.rows.length} priced rows`);
  for (const r of dataset.rows) {
    const where = `${r.medicine} ${r.form_strength} (page ${r.page})`;
    assert.ok(r.medicine, where);
    assert.ok(r.section, where);
    assert.ok(r.ceiling_price > 0 && Number(r.ceiling_price.toFixed(2)) === r.ceiling_price, where); // rupees to the paisa
    assert.match(r.so_number, /^S\.O\. \d+\(E\)$/, where);
    assert.match(r.so_date ?? '', /^20\d\d-\d\d-\d\d$/, where);
    assert.ok(r.per_quantity > 0, where);
    assert.notEqual(r.dosage_form, 'unspecified', where);
  }
  assert.equal(dataset.provenance.source_file, NPPA_SOURCE_FILE);
  assert.match(dataset.provenance.source_sha256 ?? '', /^[0-9a-f]{64}$/);
});

// ─────────────── normalisers ───────────────

test('strengths are normalised from the printed dosage form and strength', () => {
  const cases: Array<[string, string | null]> = [
    ['Tablet 500 mg', '500 mg'],
    ['Tablet 200mg', '200 mg'],
    ['Injection 20 mg/2ml', '20 mg/2 ml'],
    ['Oral Liquid 15 mg/ 5ml', '15 mg/5 ml'],
    ['Injection 1000 IU/ml', '1000 IU/ml'],
    ['Drops 0.30%', '0.3%'],
    ['Drops 1 %', '1%'],
    ['Tablet 500 mg (A) + 125 mg (B)', '500 mg (A) + 125 mg (B)'],
    ['Tablet 100 mg(A) + 25 mg(B)', '100 mg (A) + 25 mg (B)'],
    ['Oral liquid 200 mg (A) + 28.5 mg (B)/5 ml', '200 mg (A) + 28.5 mg (B)/5 ml'],
    ['Injection 15,00,000 IU', '1500000 IU'],
    ['Powder for Injection 6 lac units', '6 lac units'],
    ['Injection 60% w/v', '60% w/v'],
    ['Topical forms 2-5%', '2-5%'],
    ['Injection 100mg(as licensed)', '100 mg'],
    ['Inhalation', null],
    ['As licensed', null],
  ];
  for (const [printed, strength] of cases) assert.equal(normaliseStrength(printed), strength, printed);
});

test('units become the thing a ceiling is per, and how many of it', () => {
  const cases: Array<[string, string | null, string, number]> = [
    ['1 Tablet', null, 'tablet', 1],
    ['1 soft gelatin capsule', null, 'capsule', 1],
    ['10 ml', null, 'ml', 10],
    ['1 ML', null, 'ml', 1],
    ['Per 0.5 ml', null, 'ml', 0.5],
    ['Each Pack (10 ml)', null, 'ml', 10],
    ['Per 500 ml Pack', null, 'ml', 500],
    ['1000ml Non-Glass', null, 'ml', 1000],
    ['1 Vial', null, 'vial', 1],
    ['Each Vial', null, 'vial', 1],
    ['Each Pack', null, 'pack', 1],
    ['Each', null, 'each', 1],
    ['1 gm', null, 'g', 1],
    ['Per Metered Dose', null, 'dose', 1],
    ['Each Suppository', null, 'suppository', 1],
    ['1', 'stent', 'stent', 1],
    ['Cubic Meter', null, 'cubic metre', 1],
  ];
  for (const [unit, form, per, quantity] of cases) assert.deepEqual(normaliseUnit(unit, form), { per, per_quantity: quantity }, unit);
  assert.equal(normaliseUnit('Strip of ten'), null);
});

test('dosage forms, dates and wrapped text', () => {
  assert.equal(normaliseDosageForm('Powder for Injection 1 g'), 'injection');
  assert.equal(normaliseDosageForm('Dispersible Tablet 20 mg'), 'tablet');
  assert.equal(normaliseDosageForm('Oral liqiud 20 mg elemental iron'), 'oral liquid');
  assert.equal(normaliseDosageForm('Respirator solution for use in nebulizer 1 mg/ml'), 'respirator solution');
  assert.equal(normaliseDosageForm('Solution for infusion 5%'), 'infusion');
  assert.equal(normaliseDosageForm('Tablet 500 mg Granules (As licensed)', 'Para-aminosalicylic acid', '1 gm'), 'granules');
  assert.equal(normaliseDosageForm('', 'BCG vaccine', 'Each Dose'), 'vaccine');
  assert.equal(normaliseDosageForm('', 'Bare Metal Stents (BMS)', '1'), 'stent');
  assert.equal(parseIndianDate('30.03.2022'), '2022-03-30');
  assert.equal(parseIndianDate('31.02.2022'), null);
  assert.equal(joinWrapped(['Each Pack (', '0.5 ml)']), 'Each Pack (0.5 ml)');
  assert.equal(joinWrapped(['1000ml Non-', 'Glass with', 'special features']), '1000ml Non-Glass with special features');
  assert.equal(joinWrapped(['Tenofovir (A) +', 'Lamivudine (B) + Efavirenz', '©']), 'Tenofovir (A) + Lamivudine (B) + Efavirenz (C)');
  assert.equal(isFormStart('Capsule10 mg'), true);
  assert.equal(isFormStart('glucose'), false);
});

// ─────────────── the parser on positioned text ───────────────

/** A table page laid out like the compendium's: header row, column numbers, footer. */
function page(rows: PdfTextItem[]): { page: number; items: PdfTextItem[] } {
  const t = (str: string, x: number, y: number, width: number, height = 8.7): PdfTextItem => ({ str, x, y, width, height });
  return {
    page: 7,
    items: [
      t('91333/2022/NPPA', 15, 757, 100, 12),
      t('Section of', 53.4, 728.6, 36.3), t('Medicines', 122.3, 728.6, 37.4), t('Dosage form and strength', 197.8, 728.6, 94.5),
      t('Unit/Pack size', 304.7, 728.6, 51.7), t('Ceiling Price', 366.6, 728.6, 44.6), t('S.O. No.', 432, 728.6, 29.7),
      t('Date of notification', 482, 728.6, 70.8), t('NLEM', 60.8, 717.2, 21.4), t('(Rs.)', 380.8, 717.2, 16.3),
      ...['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)'].map((s, i) => t(s, [67.3, 136.8, 240.5, 326.4, 384.2, 442.2, 512.9][i]!, 706.9, 9.1, 8)),
      ...rows,
      t('Note :', 50.4, 34.9, 19.9, 8), t('Ceiling Prices are effective from 1st April 2022.', 50.4, 24.4, 200, 8),
    ],
  };
}
const cell = (str: string, x: number, y: number, width = str.length * 3.8): PdfTextItem => ({ str, x, y, width, height: 8.7 });
const priced = (y: number, form: string, unit: string, price: string): PdfTextItem[] => [
  cell(form, 191.4, y),
  cell(unit, 317.3, y + 1.6, 26.6),
  cell(price, 381.5, y, 15.4),
  cell('1499(E)', 433.2, y, 27.3),
  cell('30.03.2022', 497.9, y, 39.7),
];

test('parser: rows from positions — wraps joined, unpriced lines skipped, price-column text kept as a note', () => {
  const items = [
    cell('1.2–Local anesthetics', 265.7, 650, 77.6),
    cell('1.2.1', 62.8, 638, 17.6), cell('Bupivacaine', 93.7, 638),
    ...priced(638, 'Injection 0.5% with 7.5%', '1 ml', '6.89'),
    cell('glucose', 191.4, 626.6), // one leading (11.4) below: same cell
    cell('Tablet 15 mg', 191.4, 615.8), // a row pitch below, names a form, no price
    ...priced(604.7, 'Injection 0.25%', '1 ml', '2.72'),
    cell('1.2.2', 62.8, 593.5, 17.6), cell('Oxygen', 93.7, 593.5), cell('Inhalation (Medicinal gas)', 191.4, 593.5),
    cell('Ceiling Prices fixed vide S.O. 3322(E) dated 25.09.2020, Rs. 15.22 per', 301.9, 593.5, 243.6),
    cell('cubic meter for Liquid Medical Oxygen', 301.9, 582.1, 233.9),
  ];
  const result = parseNppaPages([{ page: 1, items: [cell('Government of India', 222, 60, 165)] }, page(items)]);
  assert.deepEqual(result.tablePages, [7]);
  assert.equal(result.leading, 11.4);
  assert.deepEqual(
    result.rows.map((r) => [r.section, r.medicine, r.form_strength, r.ceiling_price, r.per, r.page]),
    [
      ['1.2 Local anesthetics', 'Bupivacaine', 'Injection 0.5% with 7.5% glucose', 6.89, 'ml', 7],
      ['1.2 Local anesthetics', 'Bupivacaine', 'Injection 0.25%', 2.72, 'ml', 7],
    ],
  );
  assert.deepEqual(result.notes, [
    {
      section: '1.2 Local anesthetics',
      medicine: 'Oxygen',
      text: 'Inhalation (Medicinal gas): Ceiling Prices fixed vide S.O. 3322(E) dated 25.09.2020, Rs. 15.22 per cubic meter for Liquid Medical Oxygen',
      page: 7,
    },
  ]);
  assert.deepEqual(
    result.skipped.map((s) => [s.reason, s.count, s.examples]),
    [
      ['formulation listed without a ceiling price', 1, ['Bupivacaine — Tablet 15 mg (page 7)']],
      ['note-only entry (text in the price columns), kept in `notes`', 1, ['Oxygen — Inhalation (Medicinal gas) (page 7)']],
    ],
  );
  assert.deepEqual(result.pageNotes, ['Ceiling Prices are effective from 1st April 2022.']);
  assert.deepEqual(result.warnings, []);
});

test('parser: a page without the table header is not read as a table', () => {
  const cover = [cell('National Pharmaceuticals Pricing Authority', 130.6, 126.2, 348.4), cell('Medicines', 122, 100, 37)];
  assert.equal(findLayout(cover), null);
});

// ─────────────── the build ───────────────

test('the builder is registered and a rebuild from the PDF is byte-identical to the committed dataset', { skip: !existsSync(join(sourcesDir, NPPA_SOURCE_FILE)) && 'source PDF not available' }, async () => {
  assert.ok(builders.some((b) => b.name === 'nppa'));
  const out = mkdtempSync(join(tmpdir(), 'nppa-build-'));
  try {
    const report = await runNppaBuilder(sourcesDir, out);
    assert.equal(readFileSync(join(out, NPPA_OUTPUT_NAME), 'utf8'), committedBytes);
    assert.equal(report.rows_written, dataset.rows.length);
    assert.deepEqual(report.warnings, []);
    assert.equal(report.rows_skipped, report.skipped.reduce((n, s) => n + s.count, 0));
    assert.ok(report.skipped.every((s) => s.count > 0 && s.reason.length > 0));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
