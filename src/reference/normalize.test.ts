import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basicNormalize, baseTokens, containsPhrase, createNormalizer } from './normalize.ts';
import type { SynonymGroup } from './types.ts';

const groups: SynonymGroup[] = [
  { canonical: 'complete haemogram', variants: ['cbc', 'haemogram', 'hemogram', 'complete blood count'], domain: 'investigation' },
  { canonical: 'electrocardiogram', variants: ['ecg', 'ekg', 'e.c.g'], domain: 'investigation' },
  { canonical: 'kidney function test', variants: ['kft', 'rft', 'renal function test'], domain: 'investigation' },
  { canonical: 'sodium chloride', variants: ['ns', 'normal saline'], domain: 'drug' },
];

test('lower-cases, drops punctuation and joins the spellings of X-ray', () => {
  assert.equal(basicNormalize('X-Ray Chest PA View'), 'xray chest pa view');
  assert.equal(basicNormalize('XRAY  chest'), 'xray chest');
  assert.equal(basicNormalize('X ray of both knees'), 'xray of both knees');
  assert.equal(basicNormalize('Bio-Medical Waste Charges'), 'bio medical waste charges');
});

test('keeps decimals, joins Indian digit grouping and splits a dose from its unit', () => {
  assert.equal(basicNormalize('Normal Saline 0.9% 100ml'), 'normal saline 0.9 100 ml');
  assert.equal(basicNormalize('Room Rent ₹ 1,500/-'), 'room rent 1500');
  assert.equal(basicNormalize('Tab.Dolo 650mg'), 'tab dolo 650 mg');
});

test('removes the dots of abbreviations without gluing words', () => {
  assert.deepEqual(baseTokens('Inj. Pantoprazole 40 mg I.V.'), ['inj', 'pantoprazole', '40', 'mg', 'iv']);
  assert.deepEqual(baseTokens('E.C.G. charges'), ['ecg', 'charge']);
});

test('keeps Devanagari words and reads Devanagari digits', () => {
  assert.deepEqual(baseTokens('कमरा किराया (Room Rent) ३ दिन'), ['कमरा', 'किराया', 'room', 'rent', '3', 'दिन']);
});

test('unifies British and American spellings and simple plurals on both sides', () => {
  assert.deepEqual(baseTokens('Haemoglobin'), baseTokens('Hemoglobin'));
  assert.deepEqual(baseTokens('Anaesthesia charges'), baseTokens('Anesthesia charge'));
  assert.deepEqual(baseTokens('Oesophagoscopy'), baseTokens('Esophagoscopy'));
  assert.deepEqual(baseTokens('Tumour'), baseTokens('Tumor'));
  assert.deepEqual(baseTokens('X-rays (2 films)'), ['xray', '2', 'film']);
  assert.deepEqual(baseTokens('stitches'), ['stitch']);
});

test('expands abbreviations from the synonym table, longest wording first', () => {
  const n = createNormalizer(groups);
  assert.equal(n.normalize('CBC').text, 'complete hemogram');
  assert.equal(n.normalize('Complete Blood Count (CBC)').text, 'complete hemogram');
  assert.equal(n.normalize('Haemogram').text, 'complete hemogram');
  assert.equal(n.normalize('EKG').text, 'electrocardiogram');
  assert.equal(n.normalize('E.C.G. Charges').text, 'electrocardiogram');
  assert.equal(n.normalize('RFT').text, n.normalize('Kidney Function Test').text);
});

test('a canonical wording is a fixed point: "complete haemogram" is not rewritten through "haemogram"', () => {
  const n = createNormalizer(groups);
  assert.deepEqual(n.expand('Complete Haemogram'), ['complete', 'hemogram']);
});

test('synonyms of another domain do not apply: "NS" is saline only on a medicine line', () => {
  const services = createNormalizer(groups, { domains: ['investigation', 'procedure', 'general'] });
  const drugs = createNormalizer(groups, { domains: ['drug', 'dosage_form', 'general'] });
  assert.equal(services.normalize('NS 100ml').text, 'ns 100 ml');
  assert.equal(drugs.normalize('NS 100ml').text, 'sodium chloride 100 ml');
});

test('filler words are dropped: a line made only of them names nothing', () => {
  const n = createNormalizer(groups);
  assert.equal(n.normalize('Serum Sodium').text, 'sodium');
  assert.equal(n.normalize('ECG Charges').text, 'electrocardiogram');
  assert.equal(n.normalize('Service Charges').text, '');
  assert.deepEqual(n.normalize('Test').tokens, []);
});

test('finds a wording as a run of whole words', () => {
  assert.ok(containsPhrase(['bio', 'medical', 'waste', 'charge'], ['medical', 'waste']));
  assert.ok(!containsPhrase(['medical', 'bio', 'waste'], ['bio', 'medical']));
  assert.ok(!containsPhrase(['bio'], ['bio', 'medical']));
});
