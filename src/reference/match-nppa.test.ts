import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BillItem } from '../domain/bill.ts';
import { parseDrugDescription } from './drug.ts';
import { createReferenceSet, type LoadedDataset } from './load.ts';
import { drugNormalizerFor } from './match-shared.ts';
import { compareStrengths, matchNppa, parseStrengths } from './match-nppa.ts';
import type { NppaRow } from './types.ts';

const row = (medicine: string, formStrength: string, dosageForm: string, strength: string | null, unit: string, per: string, perQuantity: number, ceiling: number): NppaRow => ({
  section: '2.1', medicine, form_strength: formStrength, dosage_form: dosageForm, strength, unit, per, per_quantity: perQuantity,
  ceiling_price: ceiling, so_number: 'S.O. 1499(E)', so_date: '2022-03-30', page: 4,
});

// A small compendium in the shape of data/nppa-2022-08-10.json.
const rows: NppaRow[] = [
  row('Paracetamol', 'Tablet 500 mg', 'tablet', '500 mg', '1 Tablet', 'tablet', 1, 1.01),
  row('Paracetamol', 'Tablet 650 mg', 'tablet', '650 mg', '1 Tablet', 'tablet', 1, 2.04),
  row('Paracetamol', 'Oral Liquid 120 mg/5ml', 'oral liquid', '120 mg/5 ml', '1 ml', 'ml', 1, 0.59),
  row('Paracetamol', 'Injection 150 mg/ml', 'injection', '150 mg/ml', 'Each Pack (2 ml)', 'ml', 2, 7.16),
  row('Paracetamol', 'Injection 150 mg/ml', 'injection', '150 mg/ml', 'Each Pack (5 ml)', 'ml', 5, 14.68),
  row('Diclofenac', 'Tablet 50 mg', 'tablet', '50 mg', '1 Tablet', 'tablet', 1, 2.13),
  row('Diclofenac', 'Capsule 50 mg', 'capsule', '50 mg', '1 Capsule', 'capsule', 1, 0.68),
  row('Amoxicillin (A) + Clavulanic acid (B)', 'Tablet 500 mg (A) + 125 mg (B)', 'tablet', '500 mg (A) + 125 mg (B)', '1 Tablet', 'tablet', 1, 19.95),
  row('Acetylsalicylic acid', 'Tablet 300 mg to 500 mg', 'tablet', '300 mg to 500 mg', '1 Tablet', 'tablet', 1, 0.2),
  row('Sodium chloride', 'Injection 0.9%', 'injection', '0.9%', '100ml Glass', 'ml', 100, 19.48),
  row('Sodium chloride', 'Injection 0.9%', 'injection', '0.9%', '100ml Non-Glass', 'ml', 100, 17.55),
  row('Sodium chloride', 'Injection 0.9%', 'injection', '0.9%', '500ml Non-Glass', 'ml', 500, 31.1),
  row('Pantoprazole', 'Injection 40 mg', 'injection', '40 mg', 'Each Pack', 'pack', 1, 49.43),
  row('Metformin', 'Tablet 500 mg(Controlled release)', 'tablet', '500 mg', '1 Tablet', 'tablet', 1, 2.13),
  row('Metformin', 'Tablet 500 mg(Immediate release)', 'tablet', '500 mg', '1 Tablet', 'tablet', 1, 1.67),
];
const provenance = { publisher: 'National Pharmaceutical Pricing Authority', title: 'Compendium of ceiling prices', reference: null, source_file: null, source_sha256: null };
const nppa: LoadedDataset<NppaRow> = { source: 'NPPA', edition: '2022-08-10', effective_date: '2022-08-10', provenance, kind: 'nppa', rows, file: 'memory', origin: 'bundled', extra: {} };
const synonyms: LoadedDataset = {
  source: 'SYNONYMS', edition: 'test', effective_date: '1970-01-01', provenance, kind: 'synonyms', file: 'memory', origin: 'bundled', extra: {},
  rows: [
    { canonical: 'paracetamol', variants: ['pcm', 'acetaminophen'], domain: 'drug' },
    { canonical: 'sodium chloride', variants: ['normal saline', 'ns', 'saline'], domain: 'drug' },
    { canonical: 'amoxicillin + clavulanic acid', variants: ['amoxiclav', 'co-amoxiclav'], domain: 'drug' },
  ],
};
const refs = createReferenceSet(['memory'], [nppa, synonyms]);
const normalizer = drugNormalizerFor(refs);

function bill(description: string, quantity: number, amount: number) {
  const item: BillItem = { index: 1, description, quantity, unit_price: amount / quantity, amount, date: null, category: 'drug', page: 1, section: null, mrp: null, confidence: 1, repairs: [] };
  return matchNppa(nppa, normalizer, item, parseDrugDescription(description)!);
}

test('strengths are compared in base units: 1 g is 1000 mg, 120 mg/5 ml is 24 mg per ml', () => {
  assert.equal(compareStrengths(parseStrengths('1 g'), parseStrengths('1000 mg')), 'exact');
  assert.equal(compareStrengths(parseStrengths('120mg/5ml'), parseStrengths('24 mg/ml')), 'exact');
  assert.equal(compareStrengths(parseStrengths('650 mg'), parseStrengths('500 mg')), 'different');
  assert.equal(compareStrengths(parseStrengths('5 mg/ml'), parseStrengths('5 mg')), 'different');
});

test('a combination printed as its total strength matches the sum of its ingredients', () => {
  assert.equal(compareStrengths(parseStrengths('625 mg'), parseStrengths('500 mg (A) + 125 mg (B)')), 'sum');
  assert.equal(compareStrengths(parseStrengths('500 mg + 125 mg'), parseStrengths('500 mg (A) + 125 mg (B)')), 'exact');
  assert.equal(compareStrengths(parseStrengths('200 mg + 28.5 mg/5 ml'), parseStrengths('200 mg (A) + 28.5 mg (B)/5 ml')), 'exact');
});

test('a strength range covers the strengths inside it, and lakh units are counted', () => {
  assert.equal(compareStrengths(parseStrengths('325 mg'), parseStrengths('300 mg to 500 mg')), 'range');
  assert.equal(compareStrengths(parseStrengths('650 mg'), parseStrengths('300 mg to 500 mg')), 'different');
  assert.equal(compareStrengths(parseStrengths('6 lac units'), parseStrengths('600000 IU')), 'exact');
  assert.equal(compareStrengths(parseStrengths('15,00,000 IU'), parseStrengths('1500000 iu')), 'exact');
});

test('the same medicine at another strength has no ceiling here', () => {
  assert.equal(bill('Paracetamol 650mg Tablet', 10, 20)?.row.ceiling_price, 2.04);
  assert.equal(bill('Paracetamol 500mg Tablet', 10, 10)?.row.ceiling_price, 1.01);
  assert.equal(bill('Paracetamol 1000mg Tablet', 10, 30), null);
});

test('abbreviated generic names are read through the synonym table', () => {
  assert.equal(bill('PCM 500 mg tab', 10, 10)?.row.ceiling_price, 1.01);
  assert.equal(bill('Amoxiclav 625 Tablet', 10, 250)?.row.ceiling_price, 19.95);
});

test('a tablet is not a capsule, and a plain tablet is not a controlled-release one', () => {
  assert.equal(bill('Diclofenac 50mg Capsule', 10, 10)?.row.dosage_form, 'capsule');
  assert.equal(bill('Diclofenac Sodium 50mg Tab', 10, 10)?.row.dosage_form, 'tablet');
  assert.match(bill('Metformin 500 mg SR tablet', 10, 30)!.row.form_strength, /Controlled/);
  assert.match(bill('Metformin 500 mg tablet', 10, 30)!.row.form_strength, /Immediate/);
});

test('units billed: tablets one by one, strips by their size, vials and packs one by one', () => {
  const loose = bill('Paracetamol 500mg Tablet', 15, 12.75)!;
  assert.deepEqual([loose.units, loose.pricePerUnit], [15, 0.85]);
  const strips = bill('Tab. Calpol (Paracetamol 500 mg) Strip of 15', 2, 45)!;
  assert.deepEqual([strips.units, strips.pricePerUnit], [30, 1.5]);
  const tens = bill("PARACETAMOL 500MG TAB 10'S", 3, 36)!;
  assert.deepEqual([tens.units, tens.pricePerUnit], [30, 1.2]);
  const vials = bill('Inj. Pantoprazole 40mg Vial', 3, 150)!;
  assert.deepEqual([vials.row.per, vials.units, vials.pricePerUnit], ['pack', 3, 50]);
});

test('units billed: millilitres from the pack volume or a per-ml price', () => {
  const bottles = bill('Normal Saline 0.9% 500ml', 2, 80)!;
  assert.equal(bottles.row.unit, '500ml Non-Glass');
  assert.deepEqual([bottles.units, bottles.pricePerUnit], [1000, 0.08]);
  const ampoules = bill('Paracetamol Injection 150 mg/ml 2 ml', 3, 27)!;
  assert.equal(ampoules.row.unit, 'Each Pack (2 ml)');
  assert.deepEqual([ampoules.units, ampoules.pricePerUnit], [6, 4.5]);
  const syrup = bill('Syp Paracetamol 120mg/5ml 60 ml', 1, 45)!;
  assert.deepEqual([syrup.units, syrup.pricePerUnit], [60, 0.75]);
});

test('a glass bottle is priced as glass only when the line says so', () => {
  assert.equal(bill('NS 0.9% 100 ml', 1, 20)!.row.unit, '100ml Non-Glass');
  assert.equal(bill('Sodium Chloride 0.9% 100 ml glass bottle', 1, 20)!.row.unit, '100ml Glass');
});

test('when the line does not say how much was billed, the match is not trusted', () => {
  const noVolume = bill('Paracetamol Injection 150 mg/ml', 2, 20)!;
  assert.ok(noVolume.confidence < 0.6, `confidence ${noVolume.confidence}`);
  const noStrength = bill('Pantoprazole Injection', 1, 60);
  assert.ok(noStrength === null || noStrength.confidence < 0.6);
});

test('a second ingredient the compendium does not list makes another medicine', () => {
  assert.equal(bill('Paracetamol + Caffeine 500mg Tablet', 10, 20), null);
  assert.equal(bill('Diclofenac + Paracetamol Tablet', 10, 20), null);
});
