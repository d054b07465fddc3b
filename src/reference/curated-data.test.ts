import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { DatasetHeader, NonPayableRow, SynonymGroup } from './types.ts';
import { parseDrugDescription } from './drug.ts';

type NonPayableList = NonPayableRow['list'];
interface AlsoListed {
  list: NonPayableList;
  included_in: string;
  citation: NonPayableRow['citation'];
}
interface NonPayableDataset extends DatasetHeader {
  rows: Array<NonPayableRow & { also_listed?: AlsoListed[] }>;
}
interface SynonymDataset extends DatasetHeader {
  groups: SynonymGroup[];
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../data/${name}`, import.meta.url), 'utf8')) as T;
}

const nonPayable = load<NonPayableDataset>('non-payable.json');
const synonyms = load<SynonymDataset>('synonyms.json');

const LISTS: Record<NonPayableList, string> = {
  'IRDAI-I': 'not payable',
  'IRDAI-II': 'room rent',
  'IRDAI-III': 'procedure charges',
  'IRDAI-IV': 'cost of treatment',
  'CGHS-ROOM': 'room rent',
  'CGHS-PACKAGE': 'package',
};
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Same key for "Tab." and "tab", "PT/INR" and "pt inr": lower case, punctuation to spaces. */
function key(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9%+&]+/g, ' ').trim().replace(/\s+/g, ' ');
}

function checkHeader(ds: DatasetHeader, source: string): void {
  assert.equal(ds.source, source);
  assert.match(ds.edition, ISO_DATE);
  assert.match(ds.effective_date, ISO_DATE);
  assert.ok(ds.provenance.publisher.length > 0);
  assert.ok(ds.provenance.title.length > 0);
  assert.ok(Array.isArray(ds.provenance.notes) && ds.provenance.notes.length > 0);
}

function checkCitation(c: NonPayableRow['citation'], where: string): void {
  assert.ok(c.source === 'IRDAI' || c.source === 'CGHS', `${where}: citation source ${c.source}`);
  assert.ok(c.reference.length > 20, `${where}: citation reference`);
  assert.ok(c.date !== null && ISO_DATE.test(c.date), `${where}: citation date`);
}

const rowByWording = new Map<string, NonPayableDataset['rows'][number]>();
for (const row of nonPayable.rows) for (const w of row.wordings) rowByWording.set(key(w), row);

test('non-payable dataset carries its header and provenance', () => {
  checkHeader(nonPayable, 'NON-PAYABLE');
  assert.ok(nonPayable.rows.length >= 100, `only ${nonPayable.rows.length} rows`);
});

test('every non-payable row has a citation, a list, what it is included in and at least two wordings', () => {
  const ids = new Set<string>();
  for (const row of nonPayable.rows) {
    assert.ok(!ids.has(row.id), `duplicate id ${row.id}`);
    ids.add(row.id);
    assert.ok(row.name.length > 0 && row.category.length > 0, row.id);
    assert.equal(row.included_in, LISTS[row.list], `${row.id}: included_in for ${row.list}`);
    checkCitation(row.citation, row.id);
    assert.equal(row.citation.source, row.list.startsWith('IRDAI') ? 'IRDAI' : 'CGHS', row.id);
    assert.ok(row.wordings.length >= 2, `${row.id} has ${row.wordings.length} wording(s)`);
    for (const w of row.wordings) assert.equal(w, w.toLowerCase().trim(), `${row.id}: wording "${w}" is not lower case`);
    for (const also of row.also_listed ?? []) {
      assert.notEqual(also.list, row.list, `${row.id}: also_listed repeats its own list`);
      assert.equal(also.included_in, LISTS[also.list], `${row.id}: also_listed included_in`);
      checkCitation(also.citation, `${row.id} also_listed`);
    }
  }
});

test('no bill wording belongs to two non-payable rows', () => {
  const owner = new Map<string, string>();
  for (const row of nonPayable.rows) {
    for (const w of row.wordings) {
      const k = key(w);
      const other = owner.get(k);
      assert.ok(other === undefined || other === row.id, `"${w}" is in ${other} and ${row.id}`);
      owner.set(k, row.id);
    }
  }
});

test('IRDAI rows cite the 2020 master circular and each of the four lists is present', () => {
  for (const list of ['IRDAI-I', 'IRDAI-II', 'IRDAI-III', 'IRDAI-IV'] as const) {
    const rows = nonPayable.rows.filter((r) => r.list === list);
    assert.ok(rows.length >= 10, `${list} has ${rows.length} rows`);
    for (const r of rows) {
      assert.match(r.citation.reference, /IRDAI\/HLT\/REG\/CIR\/193\/07\/2020/);
      assert.equal(r.citation.date, '2020-07-22');
    }
  }
});

test('registration and admission charges are a room-rent component, also IRDAI List IV and part of a package', () => {
  for (const w of ['registration charges', 'regn. fee', 'admission charges', 'Admission/Registration Charges']) {
    assert.equal(rowByWording.get(key(w))?.id, 'registration-admission', w);
  }
  const row = rowByWording.get('registration charges')!;
  assert.equal(row.list, 'CGHS-ROOM');
  assert.deepEqual(row.also_listed?.map((a) => a.list), ['IRDAI-IV', 'CGHS-PACKAGE']);
});

test('spot checks: wordings land on the list the regulation puts them in', () => {
  const expected: Array<[string, NonPayableList]> = [
    ['welcome kit', 'CGHS-ROOM'], ['admission kit', 'CGHS-ROOM'], ['bmw charges', 'CGHS-ROOM'],
    ['bio medical waste', 'CGHS-ROOM'], ['biomedical waste disposal', 'CGHS-ROOM'], ['infection control charges', 'CGHS-ROOM'],
    ['ppe kit', 'CGHS-ROOM'], ['diet charges', 'CGHS-ROOM'], ['patient gown', 'CGHS-ROOM'], ['rmo charges', 'CGHS-ROOM'],
    ['air bed', 'CGHS-ROOM'], ['discharge summary charges', 'CGHS-ROOM'], ['mrd charges', 'CGHS-ROOM'], ['laundry', 'CGHS-ROOM'],
    ['visitor pass', 'CGHS-ROOM'], ['attendant pass', 'CGHS-ROOM'], ['nursing charges', 'CGHS-ROOM'],
    ['tv charges', 'IRDAI-I'], ['toiletries', 'IRDAI-I'], ['cosmetics', 'IRDAI-I'], ['baby food', 'IRDAI-I'],
    ['attendant charges', 'IRDAI-I'], ['belts/braces', 'IRDAI-I'], ['gloves', 'IRDAI-I'], ['ecg electrodes', 'IRDAI-I'],
    ['file charges', 'IRDAI-II'], ['documentation charges', 'IRDAI-II'], ['housekeeping charges', 'CGHS-ROOM'],
    ['id band', 'CGHS-ROOM'], ['misc charges', 'IRDAI-II'], ['pulse oximeter charges', 'IRDAI-II'],
    ['gauze', 'IRDAI-III'], ['cotton', 'IRDAI-III'], ['surgical blade', 'IRDAI-III'], ['surgical drape', 'IRDAI-III'],
    ['x-ray film', 'IRDAI-III'], ['ot booking charges', 'IRDAI-III'],
    ['glucometer strips', 'IRDAI-IV'], ['infusion pump', 'IRDAI-IV'], ['urine bag', 'IRDAI-IV'], ['alcohol swabs', 'IRDAI-IV'],
    ['medicines', 'CGHS-PACKAGE'], ['consumables', 'CGHS-PACKAGE'], ['monitoring charges', 'CGHS-PACKAGE'],
    ['oxygen charges', 'CGHS-PACKAGE'], ['room rent', 'CGHS-PACKAGE'], ['surgeon fee', 'CGHS-PACKAGE'],
  ];
  for (const [wording, list] of expected) {
    const row = rowByWording.get(key(wording));
    assert.ok(row, `"${wording}" is not in the dataset`);
    assert.equal(row.list, list, `"${wording}" is on ${row.list}`);
  }
});

test('things that are normally payable are never listed as non-payable', () => {
  const payable = [
    'ct scan', 'mri', 'x-ray', 'x-ray chest', 'cbc', 'complete haemogram', 'ecg', 'electrocardiogram', '2d echo', 'usg abdomen',
    'implant', 'stent', 'coronary stent', 'knee implant', 'paracetamol', 'inj pantoprazole', 'iv cannula', 'cannula', 'syringe',
    'foley catheter', 'consultation', 'cross match', 'blood grouping', 'dialysis', 'haemodialysis', 'spirometry', 'newborn care',
    'paediatric care for new born', 'ambulance charges', 'platelet concentrate', 'suture', 'vicryl',
  ];
  for (const p of payable) assert.equal(rowByWording.get(key(p)), undefined, `"${p}" is listed as non-payable`);
});

test('charges CGHS pays outside a package (room rent, ICU, oxygen, medicines) are only listed as package inclusions', () => {
  for (const w of ['room rent', 'bed charges', 'icu charges', 'oxygen', 'o2 charges', 'ventilator charges', 'medicines', 'pharmacy', 'ot charges', 'anaesthesia charges', 'doctor visit charges']) {
    assert.equal(rowByWording.get(key(w))?.list, 'CGHS-PACKAGE', w);
  }
  for (const row of nonPayable.rows.filter((r) => r.list === 'CGHS-PACKAGE')) {
    assert.match(row.citation.reference, /package rate/i, row.id);
  }
});

// ---------------------------------------------------------------- synonyms

const DOMAINS = new Set(['investigation', 'procedure', 'drug', 'dosage_form', 'general']);
const phraseToCanonical = new Map<string, string>();
let longestPhrase = 1;
for (const g of synonyms.groups) {
  for (const p of [g.canonical, ...g.variants]) {
    phraseToCanonical.set(key(p), g.canonical);
    longestPhrase = Math.max(longestPhrase, key(p).split(' ').length);
  }
}

/** Longest phrase first, canonicals mapping to themselves: how the matcher should apply the table. */
function normalise(text: string): string {
  const tokens = key(text).split(' ').filter((t) => t !== '');
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    let matched = false;
    for (let n = Math.min(longestPhrase, tokens.length - i); n >= 1; n--) {
      const canonical = phraseToCanonical.get(tokens.slice(i, i + n).join(' '));
      if (canonical !== undefined) {
        out.push(key(canonical));
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) out.push(tokens[i++]!);
  }
  return out.join(' ');
}

test('synonym table carries its header and well-formed groups', () => {
  checkHeader(synonyms, 'SYNONYMS');
  assert.ok(synonyms.groups.length >= 150, `only ${synonyms.groups.length} groups`);
  for (const g of synonyms.groups) {
    assert.ok(DOMAINS.has(g.domain), `${g.canonical}: domain ${g.domain}`);
    assert.equal(g.canonical, g.canonical.toLowerCase().trim());
    assert.ok(g.variants.length >= 1, `${g.canonical} has no variants`);
    for (const v of g.variants) assert.equal(v, v.toLowerCase().trim(), `${g.canonical}: "${v}"`);
  }
});

test('no synonym variant maps to two canonicals, and no variant is another group\'s canonical', () => {
  const canonicals = new Map<string, string>();
  for (const g of synonyms.groups) {
    assert.ok(!canonicals.has(key(g.canonical)), `canonical "${g.canonical}" appears twice`);
    canonicals.set(key(g.canonical), g.canonical);
  }
  const owner = new Map<string, string>();
  for (const g of synonyms.groups) {
    for (const v of g.variants) {
      const k = key(v);
      const other = owner.get(k);
      assert.ok(other === undefined || other === g.canonical, `"${v}" maps to "${other}" and "${g.canonical}"`);
      owner.set(k, g.canonical);
      const asCanonical = canonicals.get(k);
      assert.ok(asCanonical === undefined || asCanonical === g.canonical, `"${v}" of "${g.canonical}" is the canonical "${asCanonical}"`);
    }
  }
});

test('every canonical is left unchanged by the table', () => {
  for (const g of synonyms.groups) assert.equal(normalise(g.canonical), key(g.canonical), g.canonical);
});

test('bill abbreviations normalise into the words of the official CGHS name', () => {
  const pairs: Array<[string, string]> = [
    ['CBC', 'Complete Haemogram/CBC, Hb,RBC count and indices,TLC, DLC, Platelet, ESR, Peripheral smear examination'],
    ['Hemogram', 'Complete Haemogram/CBC, Hb,RBC count and indices,TLC, DLC, Platelet, ESR, Peripheral smear examination'],
    ['LFT', 'Liver Function Test (LFT)'],
    ['RFT', 'Kidney Function Test (KFT)'],
    ['Renal function test', 'Kidney Function Test (KFT)'],
    ['TFT', 'T3, T4, TSH -Thyroid Function Test (TFT)'],
    ['Thyroid profile', 'T3, T4, TSH -Thyroid Function Test (TFT)'],
    ['HbA1c', 'Glycosylated Haemoglobin (HbA1c)'],
    ['Hemoglobin', 'Haemoglobin (Hb)'],
    ['RBS', 'Blood Glucose Random'],
    ['ECG', 'Electrocardiogram (ECG)'],
    ['EKG', 'Electrocardiogram (ECG)'],
    ['2D Echo', '2D echocardiography'],
    ['TMT', 'Treadmill Test (TMT)'],
    ['NCCT Head', 'CT Scan Head-Without Contrast'],
    ['CECT Abdomen', 'CT Scan Whole Abdomen With Contrast'],
    ['HRCT Chest', 'High resolution computed Tomography (HRCT Chest)'],
    ['Plain MRI Head', 'MRI Head – Without Contrast'],
    ['USG Abdomen', 'USG Whole Abdomen / KUB including post-void residual (PVR)'],
    ['Ultrasound Breast', 'USG Breast'],
    ['XR CHEST PA', 'Chest PA view (one film)'],
    ['Chest X-Ray', 'Chest PA view (one film)'],
    ['OPG', 'OPG X-ray'],
    ['DEXA', 'Dexa Scan Bone Densitometry - Two sites'],
    ['PFT', 'Pulmonary Function Test (PFT) / (Spirometry with Diffusing Capacity of the Lungs for Carbon monoxide (DLCO)'],
    ['NCS', 'Nerve Conduction Velocity (NCV) (at least 2 limbs)'],
    ['EMG', 'Electromyography (EMG)'],
    ['EEG', 'Electroencephalogram (EEG)/ Video EEG'],
    ['ESR', 'Erythrocyte Sedimentation Rate (ESR)'],
    ['CRP', 'C reactive Protein (CRP)'],
    ['PT/INR', 'Prothrombin Time (PT)/ International normalized ratio (INR)'],
    ['APTT', 'Activated partial ThromboplastinTime (APTT)'],
    ['ABG', 'Blood gas analysis / Arterial Blood Gas (ABG)'],
    ['BUN', 'Blood Urea Nitrogen (BUN) / Urea'],
    ['HIV 1 & 2', 'Human immunodeficiency virus- HIV I and II'],
    ['HBsAg', 'Hepatitis B surface antigen (HBsAg)'],
    ['Anti HCV', 'Hepatitis C virus (HCV)'],
    ['Urine R/M', 'Urine routine- pH, Specific gravity, sugar, protein and microscopy'],
    ['LSCS', 'Caesarean Section(CS)'],
    ['TURP', 'Transurethral Resection of Prostate (TURP)'],
    ['Lap Chole', 'Laparoscopic Cholecystectomy'],
    ['ORIF', 'Open Reduction & Internal Fixation (ORIF) of'],
    ['I & D', 'Incision & Drainage'],
    ['Foley catheterization', 'Urinary bladder Catheterisation'],
    ['Hemodialysis', 'Haemodialysis / Hemodialysis for Sero negative cases'],
    ['Suturing of wounds with local anesthesia', 'Suturing of wounds with local anaesthesia'],
    ['NICU charges', 'Neonatal ICU charges (Per day)'],
  ];
  for (const [bill, official] of pairs) {
    const officialWords = new Set(normalise(official).split(' '));
    const missing = normalise(bill).split(' ').filter((w) => !officialWords.has(w));
    assert.deepEqual(missing, [], `"${bill}" → "${normalise(bill)}" is not within "${normalise(official)}"`);
  }
});

test('abbreviations that mean different things are resolved the way Indian bills use them', () => {
  assert.equal(normalise('KFT'), normalise('RFT'));
  assert.equal(normalise('PCM'), 'paracetamol');
  assert.equal(normalise('NS'), 'sodium chloride');
  assert.equal(normalise('DNS'), 'glucose + sodium chloride');
  assert.equal(normalise('Tab.'), 'tablet');
  assert.equal(normalise('Syp'), 'syrup');
  assert.equal(normalise('Gtt.'), 'drops', 'gtt is drops; the glucose tolerance test is written ogtt');
  assert.equal(normalise('OGTT'), 'glucose tolerance test');
  assert.equal(normalise('respules'), 'respirator solution');
  assert.equal(phraseToCanonical.get('rf'), undefined, 'rf is radiofrequency as often as rheumatoid factor');
  assert.equal(phraseToCanonical.get('aso'), undefined, 'aso is also the arterial switch operation');
});

test('dosage-form abbreviations agree with the forms the medicine parser reports', () => {
  const parsedForms = new Set(['tablet', 'capsule', 'injection', 'syrup', 'suspension', 'ointment', 'cream', 'drops']);
  for (const g of synonyms.groups.filter((x) => x.domain === 'dosage_form' && parsedForms.has(x.canonical))) {
    for (const v of g.variants) {
      const parsed = parseDrugDescription(`${v} Paracetamol 500 mg`);
      assert.equal(parsed?.form, g.canonical, `"${v} Paracetamol 500 mg" read as ${parsed?.form}`);
    }
  }
});
