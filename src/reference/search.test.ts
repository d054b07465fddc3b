import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUNDLED_DATA_DIR, loadReferences } from './load.ts';
import { searchReferences } from './search.ts';

const refs = loadReferences(BUNDLED_DATA_DIR, undefined);

test('finds a CGHS rate by a bill wording, with both rate columns and the unit', () => {
  const [first] = searchReferences('ECG', refs);
  assert.deepEqual(
    { source: first!.source, code: first!.code, rates: first!.rates, unit: first!.unit },
    { source: 'CGHS', code: '590', rates: { non_nabh: 150, nabh: 175 }, unit: 'per test' },
  );
  assert.equal(first!.edition, '2024-07-08');
  assert.ok(first!.score > 0.9);
});

test('a CGHS code finds its row directly', () => {
  const results = searchReferences('1198', refs);
  assert.equal(results.length, 1);
  assert.match(results[0]!.name, /Total Knee Joint Replacement/);
});

test('finds the NPPA ceiling of a medicine and strength, best first, each formulation once', () => {
  const results = searchReferences('paracetamol 500', refs, { source: 'nppa', limit: 5 });
  assert.equal(results[0]!.name, 'Paracetamol, Tablet 500 mg');
  assert.deepEqual(results[0]!.rates, { ceiling_price: 1.01 });
  assert.match(results[0]!.where, /^S\.O\. 1499\(E\) of 2022-03-30/);
  assert.equal(new Set(results.map((r) => `${r.name}|${r.unit}`)).size, results.length);
  assert.ok(results.every((r) => r.source === 'NPPA'));
});

test('searches one source when asked, and the OM and non-payable lists too', () => {
  const om = searchReferences('room rent', refs, { source: 'cghs-om' });
  assert.ok(om.length >= 3 && om.every((r) => r.source === 'CGHS-OM-2023'));
  assert.deepEqual(om.filter((r) => r.code?.startsWith('room-')).map((r) => r.rates.non_nabh).sort(), [1500, 3000, 4500]);
  const np = searchReferences('registration charges', refs, { source: 'non-payable', limit: 1 });
  assert.equal(np[0]!.code, 'registration-admission');
  assert.match(np[0]!.unit, /included in/);
});

test('an unknown source or gibberish finds nothing', () => {
  assert.deepEqual(searchReferences('ECG', refs, { source: 'pmjay' }), []);
  assert.deepEqual(searchReferences('qqqq zzzz', refs), []);
  assert.ok(searchReferences('total knee replacement', refs, { limit: 3 }).length <= 3);
});
