// Parser tests on excerpts of the CGHS Delhi/NCR rate-list extraction (cells separated by blank
// lines, page breaks as form feeds), copied from the 2024 source text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCghsText, FIRST_PAGE_SECTION, type ParsedCghsRow } from './cghs-parse.ts';
import { readRateCell } from './cghs-cells.ts';
import { buildCghsDataset, nameDefects } from './cghs.ts';
import { inferCategory, inferUnit } from './cghs-classify.ts';

const cells = (...parts: string[]): string => parts.join('\n\n') + '\n';
const byCode = (rows: ParsedCghsRow[]): Map<number, ParsedCghsRow> => new Map(rows.map((r) => [r.code, r]));
const rupees = (row: ParsedCghsRow | undefined): [number | null, number | null] => [
  row?.non_nabh?.kind === 'amount' ? row.non_nabh.rupees : null,
  row?.nabh?.kind === 'amount' ? row.nabh.rupees : null,
];

test('reads "code / name / rate / rate" rows and the section title printed with a page header between them', () => {
  const text = cells(
    '21', 'Intercostal Drainage', '125', '144',
    '22', 'Peritoneal Dialysis', '1466', '1686',
    '\fTREATMENT PROCEDURE SKIN', 'NonNABH/NonNABL Rates', 'NABH/NABL\nrates in Rupee',
    '23', 'Excision of Moles', '345', '397',
    '24', 'Excision of Warts', '310', '357',
  );
  const rows = byCode(parseCghsText(text).rows);
  assert.deepEqual([...rows.keys()], [21, 22, 23, 24]);
  assert.equal(rows.get(22)?.name, 'Peritoneal Dialysis');
  assert.deepEqual(rupees(rows.get(22)), [1466, 1686]);
  assert.equal(rows.get(22)?.section, FIRST_PAGE_SECTION);
  assert.equal(rows.get(23)?.section, 'TREATMENT PROCEDURE SKIN');
  assert.deepEqual(rupees(rows.get(24)), [310, 357]);
  assert.equal(rows.get(23)?.rateHow, 'anchored');
});

test('puts back rows whose Sr. No. and name the extractor moved to the end of the page', () => {
  // Codes 112–114 print only their rates in place; "112 / name", "113 Evisceration / 114" and
  // 114's name come after 120, just before the page break.
  const text = cells(
    '110 Orbitotomy', '7000', '8050',
    '111 Enucleation', '2000', '2300', '3000', '3450', '2000', '2300', '4950', '5693',
    '115 Telecanthus correction', '4500', '5175',
    '116 Orbital decompression', '5000', '5750',
    '120 Retinal laser procedures', '1450', '1668',
    '112', 'Enucleation with orbital implants and artificial\nprosthesis',
    '113 Evisceration\n114', 'Evisceration with orbital implants and artificial\nprosthesis',
    '\f121 Retinal detachment surgery (RDS)', '10000', '11500',
  ).replace('116 Orbital decompression\n\n5000\n\n5750', '116 Orbital decompression\n\n5000\n\n5750\n\n117 Exenteration\n\n6000\n\n6900\n\n118 Exenteration with skin grafting\n\n5000\n\n5750\n\n119 Fracture orbital repair\n\n9200\n\n10580');
  const result = parseCghsText(text);
  const rows = byCode(result.rows);
  assert.equal(result.warnings.length, 0, result.warnings.join('\n'));
  assert.equal(rows.get(112)?.name, 'Enucleation with orbital implants and artificial prosthesis');
  assert.deepEqual(rupees(rows.get(112)), [3000, 3450]);
  assert.equal(rows.get(113)?.name, 'Evisceration');
  assert.deepEqual(rupees(rows.get(113)), [2000, 2300]);
  assert.equal(rows.get(114)?.name, 'Evisceration with orbital implants and artificial prosthesis');
  assert.deepEqual(rupees(rows.get(114)), [4950, 5693]);
  assert.equal(rows.get(114)?.rateHow, 'placed');
  assert.deepEqual(rupees(rows.get(115)), [4500, 5175]);
  assert.deepEqual(rupees(rows.get(121)), [10000, 11500]);
});

test('reads a name whose Sr. No. is printed beside its middle line, and the row whose Sr. No. trails it', () => {
  const text = cells(
    '1391 Differential Leucocytic Count (DLC)', '15', '17',
    '1392 Erythrocyte Sedimentation Rate (ESR)', '20', '23', '30', '35', '135', '155',
    '1395 Platelet count', '30', '35',
    '1396 Reticulocyte count', '45', '52',
    'Sr. LABORATORY MEDICINE /\nNo. HAEMATOLOGY',
    'Total Red Cell count with\nMCV,MCH,MCHC,DRW\nComplete Haemogram/CBC, Hb,RBC count and\n1394 indices,TLC, DLC, Platelet, ESR, Peripheral smear\nexamination\n1393',
    '\f1411 Factor Assays-Factor IX', '680', '782',
  );
  const rows = byCode(parseCghsText(text).rows);
  assert.equal(rows.get(1393)?.name, 'Total Red Cell count with MCV,MCH,MCHC,DRW');
  assert.deepEqual(rupees(rows.get(1393)), [30, 35]);
  assert.equal(rows.get(1394)?.name, 'Complete Haemogram/CBC, Hb,RBC count and indices,TLC, DLC, Platelet, ESR, Peripheral smear examination');
  assert.equal(rows.get(1394)?.nameHow, 'beside code');
  assert.deepEqual(rupees(rows.get(1394)), [135, 155]);
  assert.deepEqual(rupees(rows.get(1395)), [30, 35]);
});

test('takes a name out of a page-header cell and keeps a rate pair that follows the column titles', () => {
  // 132's rates come right after the repeated column titles; its "132 Goniotomy" is inside the
  // next page's header cell. 133's rate cells carry "(+ Valve)".
  const text = cells(
    '131 Trephination', '2300', '2645',
    'NonNABH/NonNABL Rates', 'NABH/NABL\nrates in Rupee', '345', '397',
    '133 Glaucoma surgery with Glaucoma valves', '2000 (+\nValve)', '2300 ( + Valve)',
    '134 Cyclocryotherapy', '1500', '1725',
    'CGHS TREATMENT\nSr.\nPROCEDURE/INVESTIGATION LIST\nNo.\n(DELHI/NCR)\n132 Goniotomy',
    '\f145 VEP- visually evoked potential', '1040', '1196',
  );
  const rows = byCode(parseCghsText(text).rows);
  assert.equal(rows.get(132)?.name, 'Goniotomy');
  assert.deepEqual(rupees(rows.get(132)), [345, 397]);
  assert.deepEqual(rupees(rows.get(133)), [2000, 2300]);
  assert.deepEqual(rows.get(133)?.non_nabh, { kind: 'amount', rupees: 2000, qualifier: '+ cost of valve' });
  assert.deepEqual(rupees(rows.get(145)), [1040, 1196]);
});

test('a section title printed after a row\'s name starts at the next row', () => {
  const text = cells(
    '1278 Targeted therapy', '920', '1058',
    '1279 Chemoport facility', '920', '1058',
    'PICC line (peripherally inserted Central\nCannulisation)\nLIST OF PROCEDURES/ TESTS IN\nSr.\nGASTROENTEROLOGY / ENDOSCOPIC\nNo.\nPROCEDURES',
    '920', '1058',
    '1281 Upper GI Endoscopy + Lower GI Endoscopy', '1725', '1984',
  );
  const rows = byCode(parseCghsText(text).rows);
  assert.equal(rows.get(1280)?.name, 'PICC line (peripherally inserted Central Cannulisation)');
  assert.equal(rows.get(1280)?.nameHow, 'before rates');
  assert.notEqual(rows.get(1280)?.section, 'LIST OF PROCEDURES / TESTS IN GASTROENTEROLOGY / ENDOSCOPIC PROCEDURES');
  assert.equal(rows.get(1281)?.section, 'LIST OF PROCEDURES / TESTS IN GASTROENTEROLOGY / ENDOSCOPIC PROCEDURES');
});

test('reads "See code NNNN" rate cells and tells moved Sr. Nos. (1505, 1507) from rates (1150 / 1323)', () => {
  const text = cells(
    '1504 Valproic acid.', '300', '345',
    'Ferritin (Select CGHS rate code 1517 for\napproved rate)', 'See Code 1517', 'See Code 1517',
    '1506 Blood gas analysis / Arterial Blood Gas (ABG)', '138', '159', '151', '174',
    '1508 Urine pregnancy test', '65', '75',
    '1505', '1507', 'Blood gas analysis / Arterial Blood Gas (ABG) with\nelectrolytes',
    '\f1509 Estradiol', '1150', '1323',
  );
  const rows = byCode(parseCghsText(text).rows);
  assert.deepEqual(rows.get(1505)?.non_nabh, { kind: 'see', code: '1517' });
  assert.equal(rows.get(1505)?.name, 'Ferritin (Select CGHS rate code 1517 for approved rate)');
  assert.equal(rows.get(1507)?.name, 'Blood gas analysis / Arterial Blood Gas (ABG) with electrolytes');
  assert.deepEqual(rupees(rows.get(1507)), [151, 174]);
  assert.deepEqual(rupees(rows.get(1509)), [1150, 1323]);
});

test('"ADDED W.E.F." blocks date their rows and take the speciality printed after each row', () => {
  const text = cells(
    '1780 Thyroglobulin antibody', '360', '414',
    '\fADDED W.E.F. 14.01.2020\nTREATMENT PROCEDURE & INVESTIGATIONS: UNSPECIFIED\nNon NABH/Non\nExisting CGHS Specialties\nNABH/NABL\nmentioned in the CGHS rate list\nNABL Rate in\nrates in Rupee mapped by Pathologist\nRupee',
    'Sr. CGHS TREATMENT\nNo. PROCEDURE/INVESTIGATION LIST\nKappa Lambda Light Chains, Free, Serum/ Serum\nfree light chains (SFLC)',
    '3500', '4025', 'LABORATORY MEDICINE /\nCLINICAL PATHOLOGY',
    '1782 Serum IGE Level', '300', '345', 'LABORATORY MEDICINE /\nCLINICAL PATHOLOGY',
    '1783 NT-Pro BNP', '1800', '2070', 'Cardiology',
  );
  const rows = byCode(parseCghsText(text).rows);
  assert.equal(rows.get(1780)?.added, null);
  assert.equal(rows.get(1781)?.name, 'Kappa Lambda Light Chains, Free, Serum/ Serum free light chains (SFLC)');
  assert.equal(rows.get(1781)?.added?.date, '2020-01-14');
  assert.equal(rows.get(1781)?.section, 'LABORATORY MEDICINE / CLINICAL PATHOLOGY');
  assert.equal(rows.get(1783)?.section, 'Cardiology');
  assert.deepEqual(rupees(rows.get(1783)), [1800, 2070]);
});

test('joins a NABH rate the extractor printed after the moved cells to its row', () => {
  const text = cells(
    '1844 Laser Trabeculoplasty Gonioplasty (both eyes)', '13600 both eye 16000 both eye', 'TREATMENT PROCEDURE\nOPHTHALMOLOGY',
    '1845 Eye laser pulse therapy (per eye)', '2975 per eye', 'TREATMENT PROCEDURE\nOPHTHALMOLOGY',
    '1843 Punctal plug', '3500',
    '\f1846 Glaucoma valve/Glaucoma Ahmed valve', '12750', '15000',
  );
  const result = parseCghsText(text);
  const rows = byCode(result.rows);
  assert.deepEqual(rupees(rows.get(1844)), [13600, 16000]);
  assert.deepEqual(rupees(rows.get(1845)), [2975, 3500]);
  assert.match(rows.get(1845)?.rateRepair ?? '', /NABH rate printed apart/);
  assert.deepEqual(rupees(rows.get(1846)), [12750, 15000]);
});

test('rate cells: qualifiers, two rates in one cell, deleted rows, per-device rates', () => {
  assert.deepEqual(readRateCell('4250 per eye')?.values, [{ kind: 'amount', rupees: 4250, qualifier: 'per eye' }]);
  assert.equal(readRateCell('13600 both eye 16000 both eye')?.values.length, 2);
  assert.deepEqual(readRateCell('6000/- including 6900 Including MRI CD CD')?.values.map((v) => (v.kind === 'amount' ? v.rupees : null)), [6000, 6900]);
  assert.deepEqual(readRateCell('10,000')?.values, [{ kind: 'amount', rupees: 10000, qualifier: null }]);
  assert.deepEqual(readRateCell('Deleted')?.values, [{ kind: 'deleted' }]);
  assert.equal(readRateCell('ASD - 84,065 VSD - 93,415 PDA - 46,750')?.values[0]?.kind, 'multi');
  assert.equal(readRateCell('1836 C3F8 GAS Injection (per eye)'), null);
});

const OLD_LIST = JSON.stringify([
  { id: '1392', category: 'HEMATOLOGY', name: 'Erythrocyte Sedimentation Rate (ESR)', nonNabh: 25, nabh: 29 },
  { id: '1393', category: 'HEMATOLOGY', name: 'Total Red Cell count with MCV,MCH,MCHC,DRW', nonNabh: 32, nabh: 37 },
  { id: '1394', category: 'HEMATOLOGY', name: 'Complete Haemogram/CBC, Hb,RBC count and indices,TLC, DLC, Platelet, ESR, Peripheral smear examination', nonNabh: 135, nabh: 155 },
  { id: '1395', category: 'HEMATOLOGY', name: 'Platelet count', nonNabh: 48, nabh: 55 },
  { id: '1316', category: 'ENT', name: 'Ultrasound guided FNAC (Select CGHS rate Code 1603 for approved rate)', nonNabh: 1603, nabh: 1603 },
]);

test('fills rates the extraction lost from the 2014 list, marked on the row; a code lost altogether gets the 2014 row', () => {
  // 1393's name survives but neither its rates nor 1394 at all: two codes, no rate pair between 1392 and 1395.
  const text = cells(
    '1392 Erythrocyte Sedimentation Rate (ESR)', '20', '23',
    '1393', 'Total Red Cell count with\nMCV,MCH,MCHC,DRW',
    '1395 Platelet count', '30', '35',
  );
  const { dataset, stats } = buildCghsDataset({ text, oldListJson: OLD_LIST });
  const rows = new Map(dataset.rows.map((r) => [r.code, r]));
  assert.equal(rows.get('1393')?.name, 'Total Red Cell count with MCV,MCH,MCHC,DRW');
  assert.deepEqual([rows.get('1393')?.non_nabh, rows.get('1393')?.nabh, rows.get('1393')?.rate_edition], [32, 37, '2014']);
  assert.match(rows.get('1393')?.note ?? '', /filled from the 2014 list/);
  assert.deepEqual([rows.get('1394')?.name, rows.get('1394')?.non_nabh, rows.get('1394')?.rate_edition], [
    'Complete Haemogram/CBC, Hb,RBC count and indices,TLC, DLC, Platelet, ESR, Peripheral smear examination', 135, '2014',
  ]);
  assert.match(rows.get('1394')?.note ?? '', /name from the 2014 list/);
  assert.deepEqual([rows.get('1395')?.non_nabh, rows.get('1395')?.rate_edition], [30, '2024-07-08']);
  assert.equal(stats.filled_from_2014, 2);
});

test('leaves a lost rate empty, with the reason, when the 2014 row is a parse error', () => {
  const text = cells('1315 Balloon dilatation of papilla', '6900', '7935', '1316', 'Ultrasound guided abscess', '1317 Ultrasound guided abscess Drainage', '720', '828', '1318 Diagnostic angiography', '2000', '2300');
  const { dataset } = buildCghsDataset({ text, oldListJson: OLD_LIST });
  const row = dataset.rows.find((r) => r.code === '1316')!;
  assert.equal(row.non_nabh, null);
  assert.match(row.note ?? '', /cannot fill them \(a code \(1603\) in the rate columns\)/);
});

test('resolves "See code" aliases to the target code\'s rates and keeps alias_of', () => {
  const text = cells(
    '1516 Serum Iron', '80', '92',
    '1517 Serum Ferritin', '100', '115',
    '1518 Vitamin B12 assay', '250', '288',
    '1519', 'Ferritin (Select CGHS rate code 1517 for\napproved rate)', 'See code 1517', 'See code 1517',
    '1520 Folic Acid assay.', '300', '345',
  );
  const { dataset, stats } = buildCghsDataset({ text, oldListJson: null });
  const row = dataset.rows.find((r) => r.code === '1519')!;
  assert.deepEqual([row.alias_of, row.non_nabh, row.nabh], ['1517', 100, 115]);
  assert.match(row.note ?? '', /Rates of code 1517 \(Serum Ferritin\)/);
  assert.equal(stats.aliased, 1);
});

test('names that overlapping cells garbled are recognised', () => {
  assert.deepEqual(nameDefects('Adreneclectomy Unilateral/Bilateral for Tumour/For'), ['ends mid-phrase']);
  assert.ok(nameDefects('Bilateralwith Native Kidney Kidney Transplant').includes('repeated word'));
  assert.ok(nameDefects('active bladder/ Neurogenic bladder)').includes('starts mid-phrase'));
  assert.deepEqual(nameDefects('Complete Haemogram/CBC, Hb,RBC count and indices,TLC, DLC, Platelet, ESR, Peripheral smear examination'), []);
});

test('units and categories come from the name and section', () => {
  assert.equal(inferCategory('Electrocardiogram (ECG)', 'TREATMENT PROCEDURE CARDIOVASCULAR AND CARDIAC SURGERY & INVESTIGATIONS'), 'investigation');
  assert.equal(inferCategory('Nerve Conduction Velocity (NCV) (at least 2 limbs)', 'NEUROLOGICAL INVESTIGATIONS AND PROCEDURES'), 'investigation');
  assert.equal(inferCategory('Chest PA view (one film)', 'USG, X-RAY, CT, MRI, BONE DENSITOMETRY'), 'investigation');
  assert.equal(inferCategory('131-Iodine Therapy <15mCi', 'NAME OF INVESTIGATION / RADIO ISOTOPE THERAPY'), 'procedure');
  assert.equal(inferCategory('USG guided intervention - biopsy', 'USG, X-RAY, CT, MRI, BONE DENSITOMETRY'), 'procedure');
  assert.equal(inferCategory('Cesarean Section(CS)', 'TREATMENT PROCEDURE OBSTETRICS AND GYNAECOLOGY'), 'procedure');
  assert.equal(inferCategory('Consultation OPD', FIRST_PAGE_SECTION), 'consultation');
  assert.equal(inferCategory('ICU Charges (Inclusive of Room Rent)', 'TREATMENT PROCEDURE ICU / CCU PROCEDURES (SPECIAL CARE CASES)'), 'icu');
  assert.equal(inferUnit('Squint correction for both eyes', 'procedure'), 'both eyes');
  assert.equal(inferUnit('Chalazion incision and curettage in one eye', 'procedure'), 'per eye');
  assert.equal(inferUnit('Compressed air / piped oxygen /per hour', 'other'), 'per hour');
  assert.equal(inferUnit('Ventilator charges (Per day)', 'icu'), 'per day');
  assert.equal(inferUnit('Speech therapy per session of 30-40 minutes', 'procedure'), 'per session');
  assert.equal(inferUnit('Chest PA view (one film)', 'investigation'), 'per film');
  assert.equal(inferUnit('Spine AP & Lateral (2 films)', 'investigation'), 'per test');
  assert.equal(inferUnit('Inguinal Hernia Herniorrhaphy', 'procedure'), 'per procedure');
  assert.equal(inferUnit('External Loop/event recording', 'investigation', ['first day; ₹1000 for each subsequent day']), 'per day');
});
